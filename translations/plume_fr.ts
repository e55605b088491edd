<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="fr">
<context>
    <name>FieldLook</name>
    <message>
        <source>vide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✍ en cours d&apos;écriture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ douteux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lu, à confirmer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ confirmé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✎ corrigé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✎ saisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✎ correction en attente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;&lt;b&gt;%2 Règle %3&lt;/b&gt;&lt;/span&gt; : %4&lt;br&gt;&lt;i&gt;Champs&lt;/i&gt; : %5&lt;br&gt;&lt;i&gt;Que faire&lt;/i&gt; : %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Ce champ a %n case(s) : %n caractère(s) au plus.</source>
        <translation><numerusform>Ce champ a %n case : %n caractère au plus.</numerusform><numerusform>Ce champ a %n cases : %n caractères au plus.</numerusform></translation>
    </message>
    <message>
        <source>Un compte s&apos;écrit en chiffres seulement (0 ou plus).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Un code postal a 5 chiffres.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Un numéro de téléphone a 10 chiffres et commence par 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une adresse de courriel s&apos;écrit comme nom@domaine.fr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tapez « oui » ou « non ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lettres, trait d&apos;union, apostrophe et espace seulement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette valeur ne convient pas à ce champ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PvCheck</name>
    <message>
        <source>Saisissez un nombre entier (0 ou plus) dans chaque case de compte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recomptez et corrigez les valeurs : un PV qui ne s&apos;additionne pas ne peut pas être scellé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrigez le code du bureau : il doit être celui de ce bureau de vote.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Vérifiez les valeurs ; si elles sont justes, expliquez l&apos;écart dans les observations (au moins %n caractères) et faites signer au moins deux membres du bureau.</source>
        <translation><numerusform>Vérifiez les valeurs ; si elles sont justes, expliquez l'écart dans les observations (au moins %n caractères) et faites signer au moins deux membres du bureau.</numerusform><numerusform>Vérifiez les valeurs ; si elles sont justes, expliquez l'écart dans les observations (au moins %n caractères) et faites signer au moins deux membres du bureau.</numerusform></translation>
    </message>
    <message>
        <source>« %1 » n&apos;est pas un nombre entier positif.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n valeur(s) manquante(s).</source>
        <translation><numerusform>%n valeur manquante.</numerusform><numerusform>%n valeurs manquantes.</numerusform></translation>
    </message>
    <message>
        <source>Le code du bureau lu (« %1 ») n&apos;est pas celui de ce bureau (« %2 »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exprimés (%1) ≠ enveloppes − blancs − nuls (%2 − %3 − %4 = %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La somme des voix (%1) ≠ suffrages exprimés (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Il y a plus de votants (%1) que d&apos;inscrits (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enveloppes (%1) ≠ votants (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le nombre d&apos;inscrits (%1) diffère de celui de la liste électorale (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>à expliquer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Plume — procès-verbaux du bureau de vote au stylo numérique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier du bureau à ouvrir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bureau temporaire sur l&apos;élection de démonstration, avec un stylo simulé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection, pour créer --db.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tcp:HÔTE:PORT ou ble:ADRESSE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code du stylo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membre du bureau de service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fr (par défaut) ou en.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistre une image PNG de la fenêtre (après --quit-after, ou 8 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quitte après S secondes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le bureau n&apos;a pas pu être ouvert : %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::ClosingDialog</name>
    <message>
        <source>Clôture du procès-verbal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction du procès-verbal scellé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Le PV est scellé&lt;/b&gt; (version %1). Empreinte SHA-256 :&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;p&gt;Pour le corriger, fermez cette fenêtre et choisissez « Corriger le PV scellé… » : la correction sera une nouvelle version, visible par le siège, avec sa raison.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membres du bureau présents : cochez un à un ceux qui signent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membres du bureau présents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raison et observations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuer vers le résumé…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sceller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporter en %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmez d&apos;abord ces valeurs : %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une règle impossible n&apos;est pas respectée : corrigez les valeurs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cochez au moins %n membre(s) du bureau présent(s) qui signe(nt).</source>
        <translation><numerusform>Cochez au moins %n membre du bureau présent qui signe.</numerusform><numerusform>Cochez au moins %n membres du bureau présents qui signent.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Écrivez la raison : au moins %n caractères (%1 pour l&apos;instant).</source>
        <translation><numerusform>Écrivez la raison : au moins %n caractères (%1 pour l'instant).</numerusform><numerusform>Écrivez la raison : au moins %n caractères (%1 pour l'instant).</numerusform></translation>
    </message>
    <message>
        <source>%1 → &lt;b&gt;%2&lt;/b&gt; ✎</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;non confirmé&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#0a6e2c&apos;&gt;✔ Toutes les règles du PV sont respectées.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Clôture du PV : version %1&lt;/h3&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Correction du PV scellé : future version %1&lt;/h3&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Raison (obligatoire, au moins %n caractères) : pourquoi ces valeurs, ou pourquoi cette correction.</source>
        <translation><numerusform>Raison (obligatoire, au moins %n caractères) : pourquoi ces valeurs, ou pourquoi cette correction.</numerusform><numerusform>Raison (obligatoire, au moins %n caractères) : pourquoi ces valeurs, ou pourquoi cette correction.</numerusform></translation>
    </message>
    <message>
        <source>Observations (facultatives) :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#0a6e2c&apos;&gt;✔ Tout est prêt : « Continuer vers le résumé… ».&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Pour pouvoir sceller :&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Vous allez sceller la version %1 du PV&lt;/h3&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Signé par&lt;/b&gt; : %1&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Raison&lt;/b&gt; : %1&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Une fois scellé, le PV ne peut plus être modifié : toute correction fera une nouvelle version, visible par le siège.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sceller la version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Le PV n&apos;a pas été scellé&lt;/b&gt; : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;PV scellé&lt;/b&gt; (version %1). Empreinte SHA-256 :&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;br&gt;Il sera envoyé au siège dès que le réseau le permet ; %n lot(s) de fiches contact en attente.</source>
        <translation><numerusform>&lt;b&gt;PV scellé&lt;/b&gt; (version %1). Empreinte SHA-256 :&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;br&gt;Il sera envoyé au siège dès que le réseau le permet ; %n lot de fiches contact en attente.</numerusform><numerusform>&lt;b&gt;PV scellé&lt;/b&gt; (version %1). Empreinte SHA-256 :&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;br&gt;Il sera envoyé au siège dès que le réseau le permet ; %n lots de fiches contact en attente.</numerusform></translation>
    </message>
    <message>
        <source>Exporter le PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::FirstRunWizard</name>
    <message>
        <source>Nouveau bureau de vote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Créer le bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. Le fichier de l&apos;élection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le siège vous a remis un &lt;b&gt;fichier de l&apos;élection&lt;/b&gt; (nom en &lt;tt&gt;.json&lt;/tt&gt;, sur une clé USB ou par courriel). Il décrit l&apos;élection, votre bureau de vote (code, nom, nombre d&apos;inscrits), les candidats et les membres du bureau. Plume le lit sans le modifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisir le fichier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Élection (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Le fichier du bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le &lt;b&gt;fichier du bureau&lt;/b&gt; garde tout ce qui se passe ce soir : l&apos;encre du stylo, les lectures, les décisions des membres du bureau et leur historique, le PV scellé. Il est créé maintenant, n&apos;est jamais écrasé, et reste sur cet ordinateur : choisissez un dossier que vous retrouverez (par exemple Documents).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier du bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisir l&apos;emplacement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bureau Plume (*.plume)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. La phrase secrète du bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La &lt;b&gt;phrase secrète&lt;/b&gt; chiffre les fiches contact (des données sensibles) sur cet ordinateur ; elle sera demandée à chaque ouverture du bureau. Choisissez plusieurs mots, tapez-la deux fois, notez-la et gardez-la avec le matériel du bureau. Sans elle, on ne peut pas continuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00000&apos;&gt;Ce fichier n&apos;est pas un fichier d&apos;élection valide.&lt;/span&gt;&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>✔ %1 (tour %2)&lt;br&gt;%3 — code %4&lt;br&gt;%n candidat(s)</source>
        <translation><numerusform>✔ %1 (tour %2)&lt;br&gt;%3 — code %4&lt;br&gt;%n candidat</numerusform><numerusform>✔ %1 (tour %2)&lt;br&gt;%3 — code %4&lt;br&gt;%n candidats</numerusform></translation>
    </message>
    <message>
        <source>Ce fichier existe déjà : Plume n&apos;écrase jamais un bureau. Choisissez un autre nom, ou ouvrez ce bureau avec « plume %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;existe pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Le bureau sera créé dans %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le bureau n&apos;a pas pu être créé : %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::FormView</name>
    <message>
        <source>Page du formulaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2 ✎</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::InkZoom</name>
    <message>
        <source>Encre du champ, agrandie</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::MainWindow</name>
    <message>
        <source>Plume — %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feuilles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corriger le PV scellé…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abandonner la correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;✍ Écriture à la souris ou à la tablette&lt;/b&gt; : tracez les chiffres et les lettres dans les cases (un simple clic n&apos;écrit pas : il choisit le champ). &lt;b&gt;Ctrl+W&lt;/b&gt; pour revenir à la sélection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membre du bureau de service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistré avec chaque décision. Cliquez pour changer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Écrire à la souris</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si le stylo n&apos;a plus de batterie : écrivez dans les cases avec la souris ou une tablette (Ctrl+W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvelle fiche contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appairer un stylo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clôturer le PV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérifier, faire signer et sceller le PV, puis l&apos;envoyer au siège (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Affichage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feuille suivante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feuille précédente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agrandir la page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réduire la page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page entière</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Aide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raccourcis clavier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>À propos de Plume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Envoi au siège : rien à envoyer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnaissance indisponible : saisie au clavier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clic : le champ est choisi, rien n&apos;est écrit. Pour écrire, tracez un trait plus long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fiche effacée : ni son encre ni ses lectures ne sont gardées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 inconnue : l&apos;encre est gardée mais n&apos;appartient à aucune feuille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erreur : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Encre : %n trait(s) enregistré(s)</source>
        <translation><numerusform>Encre : %n trait enregistré</numerusform><numerusform>Encre : %n traits enregistrés</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Envoi au siège : %n livré(s)</source>
        <translation><numerusform>Envoi au siège : %n livré</numerusform><numerusform>Envoi au siège : %n livrés</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>, %n en attente</source>
        <translation><numerusform>, %n en attente</numerusform><numerusform>, %n en attente</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>, %n refusé(s) !</source>
        <translation><numerusform>, %n refusé !</numerusform><numerusform>, %n refusés !</numerusform></translation>
    </message>
    <message>
        <source>Envoi au siège : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Envoi au siège : %1 (export hors ligne possible)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code du stylo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le stylo est protégé par un code.
Essais manqués : %1 sur %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membre de service : personne — choisir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membre de service : %1 — changer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qui confirme les valeurs ? (enregistré avec chaque décision)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procès-verbal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fiche contact %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2 confirmés</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>, %n douteux</source>
        <translation><numerusform>, %n douteux</numerusform><numerusform>, %n douteux</numerusform></translation>
    </message>
    <message>
        <source> — scellé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — envoyée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — envoyée, effacée du bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 %n règle(s) non respectée(s)</source>
        <translation><numerusform>%1 %n règle non respectée</numerusform><numerusform>%1 %n règles non respectées</numerusform></translation>
    </message>
    <message>
        <source>Sceller la version %1… (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;✎ Correction du PV scellé&lt;/b&gt; (future version %1) : choisissez un champ, tapez la nouvelle valeur, Entrée. %n correction(s) en attente.</source>
        <translation><numerusform>&lt;b&gt;✎ Correction du PV scellé&lt;/b&gt; (future version %1) : choisissez un champ, tapez la nouvelle valeur, Entrée. %n correction en attente.</numerusform><numerusform>&lt;b&gt;✎ Correction du PV scellé&lt;/b&gt; (future version %1) : choisissez un champ, tapez la nouvelle valeur, Entrée. %n corrections en attente.</numerusform></translation>
    </message>
    <message>
        <source>&lt;b&gt;PV scellé&lt;/b&gt; (version %1) : ses valeurs ne peuvent plus être modifiées. Une correction fait une nouvelle version, avec sa raison, visible par le siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune correction en attente : tapez d&apos;abord les nouvelles valeurs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;table cellspacing=&apos;4&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Entrée&lt;/b&gt;&lt;/td&gt;&lt;td&gt;confirmer la valeur et passer au champ suivant qui attend un membre du bureau&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Entrée, Entrée&lt;/b&gt;&lt;/td&gt;&lt;td&gt;valeur douteuse : la première montre l&apos;encre agrandie, la seconde confirme&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Taper&lt;/b&gt;&lt;/td&gt;&lt;td&gt;remplacer la valeur (puis Entrée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Échap&lt;/b&gt;&lt;/td&gt;&lt;td&gt;annuler la saisie&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F2 à F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;prendre une autre lecture (la lecture d&apos;origine reste proposée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Flèches haut / bas&lt;/b&gt;&lt;/td&gt;&lt;td&gt;changer de champ&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Tab, Maj+Tab&lt;/b&gt;&lt;/td&gt;&lt;td&gt;passer de la liste des champs à la valeur, aux feuilles, au membre de service&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Page suiv. / préc.&lt;/b&gt;&lt;/td&gt;&lt;td&gt;feuille suivante / précédente&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;clôturer et sceller le PV (jamais d&apos;un seul Entrée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Maj+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;corriger le PV scellé (nouvelle version)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+W&lt;/b&gt;&lt;/td&gt;&lt;td&gt;écrire à la souris ou à la tablette&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+plus, Ctrl+moins, Ctrl+0&lt;/b&gt;&lt;/td&gt;&lt;td&gt;agrandir, réduire la page, page entière (aussi Ctrl+molette)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;nouvelle fiche contact&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+P&lt;/b&gt;&lt;/td&gt;&lt;td&gt;appairer un stylo&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F1&lt;/b&gt;&lt;/td&gt;&lt;td&gt;cette aide&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;quitter&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;Le membre de service ne change que par son bouton, en haut.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stylo : non connecté — saisie à la souris possible (Ctrl+W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnexion…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code demandé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bloqué (trop de codes faux)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>déconnecté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connexion…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stylo %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — batterie %1 %%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (faible !)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> — %n événement(s) perdu(s)</source>
        <translation><numerusform> — %n événement perdu</numerusform><numerusform> — %n événements perdus</numerusform></translation>
    </message>
    <message>
        <source>Nouvelle fiche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Plume %1&lt;/b&gt;&lt;br&gt;Procès-verbaux et fiches contact au stylo numérique, vérifiés par les membres du bureau.&lt;br&gt;Chaque valeur lue par la machine doit être confirmée par une personne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnaissance : active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modèle %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrections non scellées</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Corrections du PV scellé en attente, pas encore scellées : %n. Si vous quittez maintenant, rien n&apos;en sera gardé.</source>
        <translation><numerusform>Corrections du PV scellé en attente, pas encore scellées : %n. Si vous quittez maintenant, rien n'en sera gardé.</numerusform><numerusform>Corrections du PV scellé en attente, pas encore scellées : %n. Si vous quittez maintenant, rien n'en sera gardé.</numerusform></translation>
    </message>
    <message>
        <source>Quitter sans les sceller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::PairingDialog</name>
    <message>
        <source>Appairer un stylo numérique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stylos à proximité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rechercher à nouveau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 — signal %3 dBm%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — batterie %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisissez votre stylo puis « Connecter ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun stylo trouvé. Allumez le stylo et rapprochez-le de l&apos;ordinateur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recherche des stylos à proximité…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::PassphraseFields</name>
    <message numerus="yes">
        <source>Trop courte : %n caractère(s) au moins. Plusieurs mots font une bonne phrase secrète.</source>
        <translation><numerusform>Trop courte : %n caractère au moins. Plusieurs mots font une bonne phrase secrète.</numerusform><numerusform>Trop courte : %n caractères au moins. Plusieurs mots font une bonne phrase secrète.</numerusform></translation>
    </message>
    <message>
        <source>Les deux saisies sont différentes : retapez la même phrase secrète.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Phrase secrète acceptée. Notez-la et gardez-la avec le matériel du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète, une seconde fois</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une seconde fois :</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::ReviewPanel</name>
    <message>
        <source>Champ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Règle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Champs de la feuille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valeur du champ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tapez la valeur écrite sur le papier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valeur refusée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler la saisie (Échap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Contrôle du PV&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contrôle du PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>par %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Règle %1 : voir le contrôle du PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fiche envoyée au siège : elle ne peut plus être modifiée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction : tapez la nouvelle valeur puis &lt;b&gt;Entrée&lt;/b&gt;. Elle sera scellée dans la nouvelle version, avec sa raison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV scellé : les valeurs ne peuvent plus être modifiées ici (« Corriger le PV scellé… »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ Lecture douteuse&lt;/b&gt; : %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparez avec l&apos;encre agrandie : &lt;b&gt;Entrée&lt;/b&gt; de nouveau confirme « %1 », sinon tapez la bonne valeur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Entrée&lt;/b&gt; montre l&apos;encre agrandie ; une seconde &lt;b&gt;Entrée&lt;/b&gt; confirme.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lu par la machine : rien ne compte tant qu&apos;un membre du bureau ne l&apos;a pas confirmé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encre en cours de lecture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 par %2 à %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas d&apos;encre : tapez la valeur écrite sur le papier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture d&apos;origine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;F%1&lt;/b&gt; : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autres lectures : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord le membre du bureau de service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette feuille est scellée : elle ne peut plus être modifiée ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce champ n&apos;a pas de valeur : tapez la valeur écrite sur le papier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas de consentement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette fiche sera effacée (encre et lectures). Continuer ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La case de consentement est vide ou lue « non » : sans consentement, rien de cette fiche n&apos;est gardé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effacer la fiche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#0a6e2c&apos;&gt;✔ Le PV est cohérent et toutes ses valeurs sont confirmées.&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune règle n&apos;est enfreinte par les valeurs lues.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n champ(s) du PV à confirmer.</source>
        <translation><numerusform>%n champ du PV à confirmer.</numerusform><numerusform>%n champs du PV à confirmer.</numerusform></translation>
    </message>
    <message>
        <source>Confiance de la lecture : %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;&lt;b&gt;%2 %3&lt;/b&gt;&lt;/span&gt; : %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::SetPassphraseDialog</name>
    <message>
        <source>Phrase secrète du bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas encore de phrase secrète. Elle chiffre les fiches contact (données sensibles) sur cet ordinateur et sera demandée à chaque ouverture. Tapez-la deux fois.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protéger le bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quitter Plume</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::Station</name>
    <message>
        <source>Fichier d&apos;élection invalide : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format inconnu : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non configuré</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::UnlockDialog</name>
    <message>
        <source>Ouvrir le bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète du bureau (elle protège les fiches contact et la clé qui signe le PV) :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouvrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quitter Plume</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Phrase secrète incorrecte (%n essai(s) manqué(s)). Vérifiez les majuscules et réessayez.</source>
        <translation><numerusform>Phrase secrète incorrecte (%n essai manqué). Vérifiez les majuscules et réessayez.</numerusform><numerusform>Phrase secrète incorrecte (%n essais manqués). Vérifiez les majuscules et réessayez.</numerusform></translation>
    </message>
    <message>
        <source>Quitter Plume ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sans la phrase secrète, Plume ne peut pas ouvrir ce bureau. Quitter Plume ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
