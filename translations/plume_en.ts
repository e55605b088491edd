<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>main</name>
    <message>
        <location filename="../ui/main.cpp" line="84"/>
        <source>Fichier de l&apos;élection</source>
        <translation>Election file</translation>
    </message>
    <message>
        <location filename="../ui/main.cpp" line="85"/>
        <source>Élection (*.json)</source>
        <translation>Election (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/main.cpp" line="89"/>
        <source>Fichier du bureau de vote</source>
        <translation>Polling-station file</translation>
    </message>
    <message>
        <location filename="../ui/main.cpp" line="91"/>
        <source>Bureau Plume (*.plume)</source>
        <translation>Plume station (*.plume)</translation>
    </message>
    <message>
        <location filename="../ui/main.cpp" line="106"/>
        <location filename="../ui/main.cpp" line="118"/>
        <source>Phrase secrète du bureau (protège les fiches contact) :</source>
        <translation>Station passphrase (protects the contact sheets):</translation>
    </message>
    <message>
        <location filename="../ui/main.cpp" line="109"/>
        <location filename="../ui/main.cpp" line="124"/>
        <source>Mot de passe du bureau</source>
        <translation>Station passphrase</translation>
    </message>
    <message>
        <location filename="../ui/main.cpp" line="117"/>
        <source>Phrase secrète incorrecte.</source>
        <translation>Wrong passphrase.</translation>
    </message>
    <message>
        <location filename="../ui/main.cpp" line="125"/>
        <source>Choisissez une phrase secrète (8 caractères au moins) : elle chiffre les fiches contact sur cet ordinateur.</source>
        <translation>Choose a passphrase (at least 8 characters): it encrypts the contact sheets on this computer.</translation>
    </message>
    <message>
        <location filename="../ui/main.cpp" line="141"/>
        <source>Attention : les fiches contact ne sont pas protégées par une phrase secrète.</source>
        <translation>Warning: the contact sheets are not protected by a passphrase.</translation>
    </message>
</context>
<context>
    <name>plume::ui::ClosingDialog</name>
    <message>
        <location filename="../ui/closingdialog.cpp" line="22"/>
        <source>Clôture du procès-verbal</source>
        <translation>Closing the report</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="30"/>
        <source>Membres du bureau présents (cochez ceux qui signent) :</source>
        <translation>Officials present (tick those who sign):</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="32"/>
        <source>Membres du bureau présents</source>
        <translation>Officials present</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="40"/>
        <source>Observations (obligatoires si une règle n&apos;est pas respectée, ou pour expliquer une nouvelle version) :</source>
        <translation>Remarks (required when a rule fails, or to explain a new version):</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="44"/>
        <source>Observations</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="47"/>
        <source>Sceller le PV</source>
        <translation>Seal the report</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="57"/>
        <source>Exporter en %1</source>
        <translation>Export as %1</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="81"/>
        <source>&lt;i&gt;non confirmé&lt;/i&gt;</source>
        <translation>&lt;i&gt;not confirmed&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="92"/>
        <source>&lt;p style=&apos;color:#0a6e2c&apos;&gt;✔ Toutes les règles arithmétiques sont respectées.&lt;/p&gt;</source>
        <translation>&lt;p style='color:#0a6e2c'&gt;✔ Every arithmetic rule holds.&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/closingdialog.cpp" line="96"/>
        <source>&lt;p&gt;&lt;b&gt;Le PV a déjà été scellé (%n version(s)).&lt;/b&gt; Une nouvelle clôture crée une nouvelle version, visible par le siège, avec sa raison.&lt;/p&gt;</source>
        <translation><numerusform>&lt;p&gt;&lt;b&gt;The report was already sealed (%n version).&lt;/b&gt; Closing again makes a new version, visible to headquarters, with its reason.&lt;/p&gt;</numerusform><numerusform>&lt;p&gt;&lt;b&gt;The report was already sealed (%n versions).&lt;/b&gt; Closing again makes a new version, visible to headquarters, with its reason.&lt;/p&gt;</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="109"/>
        <source>Cochez au moins un membre du bureau.</source>
        <translation>Tick at least one official.</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="119"/>
        <source>Champs non confirmés : %1</source>
        <translation>Fields not confirmed: %1</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="120"/>
        <source>Le PV ne peut pas être scellé</source>
        <translation>The report cannot be sealed</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/closingdialog.cpp" line="124"/>
        <source>&lt;b&gt;PV scellé&lt;/b&gt; (version %1). Empreinte SHA-256 :&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;br&gt;Il sera envoyé au siège dès que le réseau le permet ; %n lot(s) de fiches contact en attente.</source>
        <translation><numerusform>&lt;b&gt;Report sealed&lt;/b&gt; (version %1). SHA-256 fingerprint:&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;br&gt;It will be sent to headquarters as soon as the network allows; %n batch of contact sheets waiting.</numerusform><numerusform>&lt;b&gt;Report sealed&lt;/b&gt; (version %1). SHA-256 fingerprint:&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;br&gt;It will be sent to headquarters as soon as the network allows; %n batches of contact sheets waiting.</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="140"/>
        <source>Exporter le PV</source>
        <translation>Export the report</translation>
    </message>
    <message>
        <location filename="../ui/closingdialog.cpp" line="146"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
</context>
<context>
    <name>plume::ui::FormView</name>
    <message>
        <location filename="../ui/formview.cpp" line="19"/>
        <source>Page du formulaire</source>
        <translation>Form page</translation>
    </message>
    <message>
        <location filename="../ui/formview.cpp" line="47"/>
        <source>Feuille %1</source>
        <translation>Sheet %1</translation>
    </message>
</context>
<context>
    <name>plume::ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="29"/>
        <source>Plume — %1 — %2</source>
        <translation>Plume — %1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="33"/>
        <source>Feuilles</source>
        <translation>Sheets</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="48"/>
        <source>Bureau</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="50"/>
        <source> Membre du bureau de service : </source>
        <translation> Official on duty: </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="52"/>
        <location filename="../ui/mainwindow.cpp" line="209"/>
        <source>Membre du bureau de service</source>
        <translation>Official on duty</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="53"/>
        <source>— choisir —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="58"/>
        <source>Écrire à la souris</source>
        <translation>Write with the mouse</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="61"/>
        <source>Si le stylo n&apos;a plus de batterie : écrivez dans les cases avec la souris ou une tablette (Ctrl+W)</source>
        <translation>If the pen's battery is flat: write in the boxes with the mouse or a tablet (Ctrl+W)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="63"/>
        <source>Nouvelle fiche contact</source>
        <translation>New contact sheet</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="65"/>
        <source>Appairer un stylo…</source>
        <translation>Pair a pen…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="68"/>
        <source>Clôturer le PV…</source>
        <translation>Close the report…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="71"/>
        <source>Vérifier, faire signer et sceller le PV, puis l&apos;envoyer au siège (Ctrl+K)</source>
        <translation>Check, sign and seal the report, then send it to headquarters (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="79"/>
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="84"/>
        <source>&amp;Quitter</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="85"/>
        <source>&amp;Aide</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="86"/>
        <location filename="../ui/mainwindow.cpp" line="88"/>
        <source>Raccourcis clavier</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="89"/>
        <source>Entrée : confirmer la valeur et passer au champ douteux suivant
Taper : remplacer la valeur
Échap : annuler la saisie
F2 à F5 : prendre une autre lecture
Flèches : changer de champ
Ctrl+W : écrire à la souris
Ctrl+N : nouvelle fiche contact
Ctrl+P : appairer un stylo</source>
        <translation>Enter: confirm the value and go to the next doubtful field
Typing: replace the value
Escape: cancel the input
F2 to F5: take another reading
Arrows: change field
Ctrl+W: write with the mouse
Ctrl+N: new contact sheet
Ctrl+P: pair a pen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="95"/>
        <location filename="../ui/mainwindow.cpp" line="327"/>
        <source>À propos de Plume</source>
        <translation>About Plume</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="99"/>
        <source>Envoi au siège : rien à envoyer</source>
        <translation>Headquarters: nothing to send</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="107"/>
        <source>Reconnaissance : %1</source>
        <translation>Recognition: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="108"/>
        <source>Reconnaissance indisponible : saisie au clavier</source>
        <translation>Recognition unavailable: type the values</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="135"/>
        <source>Encre : %n trait(s) enregistré(s)</source>
        <translation><numerusform>Ink: %n stroke saved</numerusform><numerusform>Ink: %n strokes saved</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="140"/>
        <source>Page %1 inconnue : l&apos;encre est gardée mais n&apos;appartient à aucune feuille.</source>
        <translation>Unknown page %1: the ink is kept but belongs to no sheet.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="145"/>
        <source>Erreur : %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="155"/>
        <source>Code du stylo</source>
        <translation>Pen PIN</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="156"/>
        <source>Le stylo est protégé par un code.
Essais manqués : %1 sur %2.</source>
        <translation>The pen is protected by a PIN.
Wrong tries: %1 of %2.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="168"/>
        <source>Envoi au siège : %1 livré(s)</source>
        <translation>Headquarters: %1 delivered</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="170"/>
        <source>, %1 en attente</source>
        <translation>, %1 waiting</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="172"/>
        <source>, %1 refusé(s) !</source>
        <translation>, %1 refused!</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="176"/>
        <source>Envoi au siège : %1</source>
        <translation>Headquarters: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="180"/>
        <source>Envoi au siège : %1 (export hors ligne possible)</source>
        <translation>Headquarters: %1 (offline export available)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="210"/>
        <source>Qui confirme les valeurs ? (enregistré avec chaque décision)</source>
        <translation>Who confirms the values? (recorded with each decision)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="244"/>
        <source>Procès-verbal</source>
        <translation>Report (PV)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="245"/>
        <source>Fiche contact %1</source>
        <translation>Contact sheet %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="246"/>
        <source>%1
%2/%3 confirmés</source>
        <translation>%1
%2/%3 confirmed</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="248"/>
        <source>, %n douteux</source>
        <translation><numerusform>, %n doubtful</numerusform><numerusform>, %n doubtful</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="250"/>
        <source> — scellé</source>
        <translation> — sealed</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="267"/>
        <source>Stylo : non connecté — saisie à la souris possible (Ctrl+W)</source>
        <translation>Pen: not connected — mouse input available (Ctrl+W)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="275"/>
        <source>connecté</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="278"/>
        <source>reconnexion…</source>
        <translation>reconnecting…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="281"/>
        <source>code demandé</source>
        <translation>PIN required</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="284"/>
        <source>bloqué (trop de codes faux)</source>
        <translation>locked (too many wrong PINs)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="287"/>
        <source>déconnecté</source>
        <translation>disconnected</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="290"/>
        <source>connexion…</source>
        <translation>connecting…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="293"/>
        <source>Stylo %1 : %2</source>
        <translation>Pen %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="295"/>
        <source> — batterie %1 %%2</source>
        <translation> — battery %1 %%2</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="297"/>
        <source> (faible !)</source>
        <translation> (low!)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="299"/>
        <source> — %n événement(s) perdu(s)</source>
        <translation><numerusform> — %n event lost</numerusform><numerusform> — %n events lost</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="311"/>
        <source>Nouvelle fiche</source>
        <translation>New sheet</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="328"/>
        <source>&lt;b&gt;Plume %1&lt;/b&gt;&lt;br&gt;Procès-verbaux et fiches contact au stylo numérique, vérifiés par les membres du bureau.&lt;br&gt;Chaque valeur lue par la machine doit être confirmée par une personne.</source>
        <translation>&lt;b&gt;Plume %1&lt;/b&gt;&lt;br&gt;Polling-station reports and contact sheets written with a digital pen, checked by the station's officials.&lt;br&gt;Every value read by the machine must be confirmed by a person.</translation>
    </message>
</context>
<context>
    <name>plume::ui::PairingDialog</name>
    <message>
        <location filename="../ui/pairingdialog.cpp" line="15"/>
        <source>Appairer un stylo numérique</source>
        <translation>Pair a digital pen</translation>
    </message>
    <message>
        <location filename="../ui/pairingdialog.cpp" line="21"/>
        <source>Stylos à proximité</source>
        <translation>Pens nearby</translation>
    </message>
    <message>
        <location filename="../ui/pairingdialog.cpp" line="24"/>
        <source>Connecter</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location filename="../ui/pairingdialog.cpp" line="25"/>
        <source>Rechercher à nouveau</source>
        <translation>Search again</translation>
    </message>
    <message>
        <location filename="../ui/pairingdialog.cpp" line="42"/>
        <source>%1 — %2 — signal %3 dBm%4</source>
        <translation>%1 — %2 — signal %3 dBm%4</translation>
    </message>
    <message>
        <location filename="../ui/pairingdialog.cpp" line="45"/>
        <source> — batterie %1 %</source>
        <translation> — battery %1 %</translation>
    </message>
    <message>
        <location filename="../ui/pairingdialog.cpp" line="61"/>
        <source>Choisissez votre stylo puis « Connecter ».</source>
        <translation>Choose your pen, then “Connect”.</translation>
    </message>
    <message>
        <location filename="../ui/pairingdialog.cpp" line="62"/>
        <source>Aucun stylo trouvé. Allumez le stylo et rapprochez-le de l&apos;ordinateur.</source>
        <translation>No pen found. Switch the pen on and bring it close to the computer.</translation>
    </message>
    <message>
        <location filename="../ui/pairingdialog.cpp" line="75"/>
        <source>Recherche des stylos à proximité…</source>
        <translation>Looking for pens nearby…</translation>
    </message>
</context>
<context>
    <name>plume::ui::ReviewPanel</name>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="20"/>
        <source>vide</source>
        <translation>empty</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="22"/>
        <source>en cours d&apos;écriture</source>
        <translation>being written</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="24"/>
        <source>⚠ douteux</source>
        <translation>⚠ doubtful</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="26"/>
        <source>lu, à confirmer</source>
        <translation>read, to confirm</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="28"/>
        <source>✔ confirmé</source>
        <translation>✔ confirmed</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="30"/>
        <source>✔ corrigé</source>
        <translation>✔ corrected</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="32"/>
        <source>✔ saisi</source>
        <translation>✔ typed</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="63"/>
        <source>Champ</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="63"/>
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="63"/>
        <source>État</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="72"/>
        <source>Champs de la feuille</source>
        <translation>Fields of the sheet</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="86"/>
        <source>Valeur du champ</source>
        <translation>Field value</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="87"/>
        <source>Tapez la valeur lue sur le papier</source>
        <translation>Type the value written on the paper</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="97"/>
        <source>Confirmer (Entrée)</source>
        <translation>Confirm (Enter)</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="98"/>
        <source>Annuler (Échap)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="107"/>
        <source>&lt;b&gt;Contrôle arithmétique du PV&lt;/b&gt;</source>
        <translation>&lt;b&gt;Report arithmetic&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="111"/>
        <source>Contrôle du PV</source>
        <translation>Report check</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="189"/>
        <source>par %1</source>
        <translation>by %1</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="222"/>
        <source>&lt;b&gt;Lecture douteuse&lt;/b&gt; : %1. Vérifiez sur le papier.</source>
        <translation>&lt;b&gt;Doubtful reading&lt;/b&gt;: %1. Check the paper.</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="225"/>
        <source>Lu par la machine : rien ne compte tant qu&apos;un membre du bureau ne l&apos;a pas confirmé.</source>
        <translation>Read by the machine: nothing counts until an official has confirmed it.</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="229"/>
        <source>Décidé par %1 à %2 (%3).</source>
        <translation>Decided by %1 at %2 (%3).</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="237"/>
        <source>F%1 : %2</source>
        <translation>F%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="239"/>
        <source>Autres lectures : </source>
        <translation>Other readings: </translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="246"/>
        <source>Choisissez d&apos;abord le membre du bureau de service.</source>
        <translation>First choose the official on duty.</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="263"/>
        <source>Ce champ n&apos;a pas de valeur : tapez-la.</source>
        <translation>This field has no value: type it.</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="269"/>
        <source>Valeur refusée</source>
        <translation>Value refused</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="320"/>
        <source>&lt;span style=&apos;color:#0a6e2c&apos;&gt;✔ Le PV est cohérent et toutes ses valeurs sont confirmées.&lt;/span&gt;</source>
        <translation>&lt;span style='color:#0a6e2c'&gt;✔ The report is consistent and every value is confirmed.&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="341"/>
        <source>Aucune règle n&apos;est enfreinte par les valeurs lues.</source>
        <translation>No rule is broken by the values read.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reviewpanel.cpp" line="343"/>
        <source>%n champ(s) du PV à confirmer.</source>
        <translation><numerusform>%n report field to confirm.</numerusform><numerusform>%n report fields to confirm.</numerusform></translation>
    </message>
</context>
<context>
    <name>plume::ui::Station</name>
    <message>
        <location filename="../ui/station.cpp" line="62"/>
        <source>Fichier d&apos;élection invalide : %1</source>
        <translation>Invalid election file: %1</translation>
    </message>
    <message>
        <location filename="../ui/station.cpp" line="143"/>
        <source>Format inconnu : %1</source>
        <translation>Unknown format: %1</translation>
    </message>
    <message>
        <location filename="../ui/station.cpp" line="154"/>
        <source>non configuré</source>
        <translation>not configured</translation>
    </message>
</context>
</TS>
