<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>FieldLook</name>
    <message>
        <source>vide</source>
        <translation>empty</translation>
    </message>
    <message>
        <source>✍ en cours d&apos;écriture</source>
        <translation>✍ being written</translation>
    </message>
    <message>
        <source>⚠ douteux</source>
        <translation>⚠ doubtful</translation>
    </message>
    <message>
        <source>lu, à confirmer</source>
        <translation>read, to confirm</translation>
    </message>
    <message>
        <source>✔ confirmé</source>
        <translation>✔ confirmed</translation>
    </message>
    <message>
        <source>✎ corrigé</source>
        <translation>✎ corrected</translation>
    </message>
    <message>
        <source>✎ saisi</source>
        <translation>✎ typed</translation>
    </message>
    <message>
        <source>✎ correction en attente</source>
        <translation>✎ correction waiting</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;&lt;b&gt;%2 Règle %3&lt;/b&gt;&lt;/span&gt; : %4&lt;br&gt;&lt;i&gt;Champs&lt;/i&gt; : %5&lt;br&gt;&lt;i&gt;Que faire&lt;/i&gt; : %6</source>
        <translation>&lt;span style='color:%1'&gt;&lt;b&gt;%2 Rule: %3&lt;/b&gt;&lt;/span&gt; — %4&lt;br&gt;&lt;i&gt;Fields&lt;/i&gt;: %5&lt;br&gt;&lt;i&gt;What to do&lt;/i&gt;: %6</translation>
    </message>
    <message numerus="yes">
        <source>Ce champ a %n case(s) : %n caractère(s) au plus.</source>
        <translation><numerusform>This field has %n box: %n character at most.</numerusform><numerusform>This field has %n boxes: %n characters at most.</numerusform></translation>
    </message>
    <message>
        <source>Un compte s&apos;écrit en chiffres seulement (0 ou plus).</source>
        <translation>A count is written in digits only (0 or more).</translation>
    </message>
    <message>
        <source>Un code postal a 5 chiffres.</source>
        <translation>A postcode has 5 digits.</translation>
    </message>
    <message>
        <source>Un numéro de téléphone a 10 chiffres et commence par 0.</source>
        <translation>A phone number has 10 digits and starts with 0.</translation>
    </message>
    <message>
        <source>Une adresse de courriel s&apos;écrit comme nom@domaine.fr.</source>
        <translation>An e-mail address looks like name@domain.fr.</translation>
    </message>
    <message>
        <source>Tapez « oui » ou « non ».</source>
        <translation>Type “oui” (yes) or “non” (no).</translation>
    </message>
    <message>
        <source>Lettres, trait d&apos;union, apostrophe et espace seulement.</source>
        <translation>Letters, hyphen, apostrophe and space only.</translation>
    </message>
    <message>
        <source>Cette valeur ne convient pas à ce champ.</source>
        <translation>This value does not fit this field.</translation>
    </message>
</context>
<context>
    <name>PvCheck</name>
    <message>
        <source>Saisissez un nombre entier (0 ou plus) dans chaque case de compte.</source>
        <translation>Enter a whole number (0 or more) in every count box.</translation>
    </message>
    <message>
        <source>Recomptez et corrigez les valeurs : un PV qui ne s&apos;additionne pas ne peut pas être scellé.</source>
        <translation>Count again and correct the values: a report that does not add up cannot be sealed.</translation>
    </message>
    <message>
        <source>Corrigez le code du bureau : il doit être celui de ce bureau de vote.</source>
        <translation>Correct the station code: it must be this polling station's.</translation>
    </message>
    <message numerus="yes">
        <source>Vérifiez les valeurs ; si elles sont justes, expliquez l&apos;écart dans les observations (au moins %n caractères) et faites signer au moins deux membres du bureau.</source>
        <translation><numerusform>Check the values; if they are right, explain the gap in the remarks (at least %n character) and have at least two officials sign.</numerusform><numerusform>Check the values; if they are right, explain the gap in the remarks (at least %n characters) and have at least two officials sign.</numerusform></translation>
    </message>
    <message>
        <source>« %1 » n&apos;est pas un nombre entier positif.</source>
        <translation>“%1” is not a whole number ≥ 0.</translation>
    </message>
    <message numerus="yes">
        <source>%n valeur(s) manquante(s).</source>
        <translation><numerusform>%n value missing.</numerusform><numerusform>%n values missing.</numerusform></translation>
    </message>
    <message>
        <source>Le code du bureau lu (« %1 ») n&apos;est pas celui de ce bureau (« %2 »).</source>
        <translation>The station code read (“%1”) is not this station’s (“%2”).</translation>
    </message>
    <message>
        <source>Exprimés (%1) ≠ enveloppes − blancs − nuls (%2 − %3 − %4 = %5).</source>
        <translation>Valid votes (%1) ≠ envelopes − blank − spoilt (%2 − %3 − %4 = %5).</translation>
    </message>
    <message>
        <source>La somme des voix (%1) ≠ suffrages exprimés (%2).</source>
        <translation>The sum of the votes (%1) ≠ valid votes (%2).</translation>
    </message>
    <message>
        <source>Il y a plus de votants (%1) que d&apos;inscrits (%2).</source>
        <translation>There are more voters (%1) than registered voters (%2).</translation>
    </message>
    <message>
        <source>Enveloppes (%1) ≠ votants (%2).</source>
        <translation>Envelopes (%1) ≠ voters (%2).</translation>
    </message>
    <message>
        <source>Le nombre d&apos;inscrits (%1) diffère de celui de la liste électorale (%2).</source>
        <translation>The number of registered voters (%1) differs from the electoral roll (%2).</translation>
    </message>
    <message>
        <source>impossible</source>
        <translation>impossible</translation>
    </message>
    <message>
        <source>à expliquer</source>
        <translation>to explain</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Plume — procès-verbaux du bureau de vote au stylo numérique</source>
        <translation>Plume — polling-station reports from a digital pen</translation>
    </message>
    <message>
        <source>Fichier du bureau à ouvrir.</source>
        <translation>Station file to open.</translation>
    </message>
    <message>
        <source>Bureau temporaire sur l&apos;élection de démonstration, avec un stylo simulé.</source>
        <translation>Temporary station on the demo election, with a simulated pen.</translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection, pour créer --db.</source>
        <translation>Election file, to create --db.</translation>
    </message>
    <message>
        <source>tcp:HÔTE:PORT ou ble:ADRESSE.</source>
        <translation>tcp:HOST:PORT or ble:ADDRESS.</translation>
    </message>
    <message>
        <source>Code du stylo.</source>
        <translation>The pen's PIN.</translation>
    </message>
    <message>
        <source>Membre du bureau de service.</source>
        <translation>Official on duty.</translation>
    </message>
    <message>
        <source>fr (par défaut) ou en.</source>
        <translation>fr (default) or en.</translation>
    </message>
    <message>
        <source>Enregistre une image PNG de la fenêtre (après --quit-after, ou 8 s).</source>
        <translation>Saves a PNG image of the window (after --quit-after, or 8 s).</translation>
    </message>
    <message>
        <source>Quitte après S secondes.</source>
        <translation>Quits after S seconds.</translation>
    </message>
    <message>
        <source>Le bureau n&apos;a pas pu être ouvert : %1</source>
        <translation>The station could not be opened: %1</translation>
    </message>
</context>
<context>
    <name>plume::recognition</name>
    <message>
        <source>lecture incertaine (confiance %1 %, seuil %2 %)</source>
        <translation>uncertain reading (confidence %1 %, threshold %2 %)</translation>
    </message>
    <message>
        <source>caractère écrit sur les cases %1-%2</source>
        <translation>character written over boxes %1-%2</translation>
    </message>
    <message>
        <source>encre après une case vide ignorée</source>
        <translation>ink after an empty box ignored</translation>
    </message>
    <message>
        <source>%1 trait(s) hors des cases ignoré(s)</source>
        <translation>%1 stroke(s) outside the boxes ignored</translation>
    </message>
    <message>
        <source>marque légère</source>
        <translation>light mark</translation>
    </message>
    <message>
        <source>pas un code postal (%1 chiffres sur 5)</source>
        <translation>not a postcode (%1 digits of 5)</translation>
    </message>
    <message>
        <source>pas un numéro de téléphone (%1 chiffres sur 10)</source>
        <translation>not a phone number (%1 digits of 10)</translation>
    </message>
    <message>
        <source>pas une adresse e-mail</source>
        <translation>not an e-mail address</translation>
    </message>
    <message>
        <source>pas un nom</source>
        <translation>not a name</translation>
    </message>
    <message>
        <source>pas un nom de commune</source>
        <translation>not a town name</translation>
    </message>
    <message>
        <source>ne correspond pas au champ</source>
        <translation>does not fit the field</translation>
    </message>
    <message>
        <source>illisible</source>
        <translation>unreadable</translation>
    </message>
    <message>
        <source>code postal inconnu</source>
        <translation>unknown postcode</translation>
    </message>
    <message>
        <source>lettres et chiffres mêlés dans « %1 »</source>
        <translation>letters and digits mixed in “%1”</translation>
    </message>
    <message>
        <source>un nombre ne commence pas par 0</source>
        <translation>a number does not start with 0</translation>
    </message>
    <message>
        <source>lu %1 ; un nombre ne commence pas par 0</source>
        <translation>read %1; a number does not start with 0</translation>
    </message>
    <message>
        <source>lu %1 (F2) ; %2 proposé</source>
        <translation>read %1 (F2); %2 proposed</translation>
    </message>
    <message>
        <source>%1 proposé en F2</source>
        <translation>%1 proposed in F2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>nom fréquent</source>
        <translation>common surname</translation>
    </message>
    <message>
        <source>prénom fréquent</source>
        <translation>common given name</translation>
    </message>
    <message>
        <source>seule commune de ce code postal</source>
        <translation>only town of this postcode</translation>
    </message>
    <message>
        <source>commune de ce code postal</source>
        <translation>town of this postcode</translation>
    </message>
    <message>
        <source>code postal de %1</source>
        <translation>postcode of %1</translation>
    </message>
    <message>
        <source>d&apos;après le prénom et le nom</source>
        <translation>from the given name and surname</translation>
    </message>
    <message>
        <source>fournisseur courant</source>
        <translation>usual provider</translation>
    </message>
    <message>
        <source>type de voie</source>
        <translation>street type</translation>
    </message>
    <message>
        <source>mot de rue</source>
        <translation>street word</translation>
    </message>
    <message>
        <source>code de ce bureau</source>
        <translation>this station's code</translation>
    </message>
    <message>
        <source>lu %1 ; %2 proposé (%3)</source>
        <translation>read %1; %2 proposed (%3)</translation>
    </message>
    <message>
        <source>calcul du PV</source>
        <translation>report arithmetic</translation>
    </message>
    <message>
        <source>nombre d&apos;inscrits de la liste électorale</source>
        <translation>registered voters of the electoral roll</translation>
    </message>
    <message>
        <source>votants = enveloppes</source>
        <translation>voters = envelopes</translation>
    </message>
    <message>
        <source>lu %1, changé en %2 pour que %3</source>
        <translation>read %1, changed to %2 so that %3</translation>
    </message>
    <message>
        <source>votants ≤ inscrits</source>
        <translation>voters ≤ registered voters</translation>
    </message>
    <message>
        <source>exprimés = enveloppes − blancs − nuls = Σ voix</source>
        <translation>valid votes = envelopes − blank − spoilt = Σ votes</translation>
    </message>
    <message>
        <source>calcul du PV rétabli (%1) : vérifiez sur le papier</source>
        <translation>report arithmetic restored (%1): check on paper</translation>
    </message>
    <message>
        <source>votants (%1) &gt; inscrits (%2)</source>
        <translation>voters (%1) &gt; registered voters (%2)</translation>
    </message>
    <message>
        <source>exprimés (%1) ≠ enveloppes − blancs − nuls (%2)</source>
        <translation>valid votes (%1) ≠ envelopes − blank − spoilt (%2)</translation>
    </message>
    <message>
        <source>Σ voix (%1) ≠ exprimés (%2)</source>
        <translation>Σ votes (%1) ≠ valid votes (%2)</translation>
    </message>
    <message>
        <source>PV incohérent, aucune lecture cohérente assez probable : %1</source>
        <translation>inconsistent report, no consistent reading probable enough: %1</translation>
    </message>
    <message>
        <source>PV incohérent, aucune lecture cohérente trouvée : %1</source>
        <translation>inconsistent report, no consistent reading found: %1</translation>
    </message>
    <message>
        <source>champs illisibles</source>
        <translation>unreadable fields</translation>
    </message>
    <message>
        <source>,</source>
        <translation>.</translation>
    </message>
</context>
<context>
    <name>plume::ui::ClosingDialog</name>
    <message>
        <source>Clôture du procès-verbal</source>
        <translation>Closing the report</translation>
    </message>
    <message>
        <source>Membres du bureau présents</source>
        <translation>Officials present</translation>
    </message>
    <message>
        <source>Exporter en %1</source>
        <translation>Export as %1</translation>
    </message>
    <message>
        <source>&lt;i&gt;non confirmé&lt;/i&gt;</source>
        <translation>&lt;i&gt;not confirmed&lt;/i&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;PV scellé&lt;/b&gt; (version %1). Empreinte SHA-256 :&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;br&gt;Il sera envoyé au siège dès que le réseau le permet ; %n lot(s) de fiches contact en attente.</source>
        <translation><numerusform>&lt;b&gt;Report sealed&lt;/b&gt; (version %1). SHA-256 fingerprint:&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;br&gt;It will be sent to headquarters as soon as the network allows; %n batch of contact sheets waiting.</numerusform><numerusform>&lt;b&gt;Report sealed&lt;/b&gt; (version %1). SHA-256 fingerprint:&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;br&gt;It will be sent to headquarters as soon as the network allows; %n batches of contact sheets waiting.</numerusform></translation>
    </message>
    <message>
        <source>Exporter le PV</source>
        <translation>Export the report</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Correction du procès-verbal scellé</source>
        <translation>Correcting the sealed report</translation>
    </message>
    <message>
        <source>&lt;b&gt;Le PV est scellé&lt;/b&gt; (version %1). Empreinte SHA-256 :&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;p&gt;Pour le corriger, fermez cette fenêtre et choisissez « Corriger le PV scellé… » : la correction sera une nouvelle version, visible par le siège, avec sa raison.&lt;/p&gt;</source>
        <translation>&lt;b&gt;The report is sealed&lt;/b&gt; (version %1). SHA-256 fingerprint:&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;p&gt;To correct it, close this window and choose “Correct the sealed report…”: the correction will be a new version, visible to headquarters, with its reason.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Membres du bureau présents : cochez un à un ceux qui signent.</source>
        <translation>Officials present: tick one by one those who sign.</translation>
    </message>
    <message>
        <source>Raison et observations</source>
        <translation>Reason and remarks</translation>
    </message>
    <message>
        <source>Continuer vers le résumé…</source>
        <translation>Go on to the summary…</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>&amp;Sceller</source>
        <translation>&amp;Seal</translation>
    </message>
    <message>
        <source>Confirmez d&apos;abord ces valeurs : %1.</source>
        <translation>First confirm these values: %1.</translation>
    </message>
    <message>
        <source>Une règle impossible n&apos;est pas respectée : corrigez les valeurs.</source>
        <translation>An impossible rule is broken: correct the values.</translation>
    </message>
    <message numerus="yes">
        <source>Cochez au moins %n membre(s) du bureau présent(s) qui signe(nt).</source>
        <translation><numerusform>Tick at least %n official present who signs.</numerusform><numerusform>Tick at least %n officials present who sign.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Écrivez la raison : au moins %n caractères (%1 pour l&apos;instant).</source>
        <translation><numerusform>Write the reason: at least %n character (%1 so far).</numerusform><numerusform>Write the reason: at least %n characters (%1 so far).</numerusform></translation>
    </message>
    <message>
        <source>%1 → &lt;b&gt;%2&lt;/b&gt; ✎</source>
        <translation>%1 → &lt;b&gt;%2&lt;/b&gt; ✎</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#0a6e2c&apos;&gt;✔ Toutes les règles du PV sont respectées.&lt;/p&gt;</source>
        <translation>&lt;p style='color:#0a6e2c'&gt;✔ Every rule of the report holds.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Clôture du PV : version %1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Closing the report: version %1&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Correction du PV scellé : future version %1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Correcting the sealed report: next version %1&lt;/h3&gt;</translation>
    </message>
    <message numerus="yes">
        <source>Raison (obligatoire, au moins %n caractères) : pourquoi ces valeurs, ou pourquoi cette correction.</source>
        <translation><numerusform>Reason (required, at least %n character): why these values, or why this correction.</numerusform><numerusform>Reason (required, at least %n characters): why these values, or why this correction.</numerusform></translation>
    </message>
    <message>
        <source>Observations (facultatives) :</source>
        <translation>Remarks (optional):</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#0a6e2c&apos;&gt;✔ Tout est prêt : « Continuer vers le résumé… ».&lt;/span&gt;</source>
        <translation>&lt;span style='color:#0a6e2c'&gt;✔ All set: “Go on to the summary…”.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pour pouvoir sceller :&lt;/b&gt;</source>
        <translation>&lt;b&gt;Before sealing:&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Vous allez sceller la version %1 du PV&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;You are about to seal version %1 of the report&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Signé par&lt;/b&gt; : %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Signed by&lt;/b&gt;: %1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Raison&lt;/b&gt; : %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Reason&lt;/b&gt;: %1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Une fois scellé, le PV ne peut plus être modifié : toute correction fera une nouvelle version, visible par le siège.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Once sealed, the report can no longer be changed: any correction will make a new version, visible to headquarters.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Sceller la version %1</source>
        <translation>&amp;Seal version %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Le PV n&apos;a pas été scellé&lt;/b&gt; : %1</source>
        <translation>&lt;b&gt;The report was not sealed&lt;/b&gt;: %1</translation>
    </message>
</context>
<context>
    <name>plume::ui::FirstRunWizard</name>
    <message>
        <source>Nouveau bureau de vote</source>
        <translation>New polling station</translation>
    </message>
    <message>
        <source>Créer le bureau</source>
        <translation>Create the station</translation>
    </message>
    <message>
        <source>1. Le fichier de l&apos;élection</source>
        <translation>1. The election file</translation>
    </message>
    <message>
        <source>Le siège vous a remis un &lt;b&gt;fichier de l&apos;élection&lt;/b&gt; (nom en &lt;tt&gt;.json&lt;/tt&gt;, sur une clé USB ou par courriel). Il décrit l&apos;élection, votre bureau de vote (code, nom, nombre d&apos;inscrits), les candidats et les membres du bureau. Plume le lit sans le modifier.</source>
        <translation>Headquarters gave you an &lt;b&gt;election file&lt;/b&gt; (a name ending in &lt;tt&gt;.json&lt;/tt&gt;, on a USB stick or by e-mail). It describes the election, your polling station (code, name, registered voters), the candidates and the officials. Plume reads it without changing it.</translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection</source>
        <translation>Election file</translation>
    </message>
    <message>
        <source>Choisir le fichier…</source>
        <translation>Choose the file…</translation>
    </message>
    <message>
        <source>Élection (*.json)</source>
        <translation>Election (*.json)</translation>
    </message>
    <message>
        <source>2. Le fichier du bureau</source>
        <translation>2. The station file</translation>
    </message>
    <message>
        <source>Le &lt;b&gt;fichier du bureau&lt;/b&gt; garde tout ce qui se passe ce soir : l&apos;encre du stylo, les lectures, les décisions des membres du bureau et leur historique, le PV scellé. Il est créé maintenant, n&apos;est jamais écrasé, et reste sur cet ordinateur : choisissez un dossier que vous retrouverez (par exemple Documents).</source>
        <translation>The &lt;b&gt;station file&lt;/b&gt; keeps everything that happens tonight: the pen's ink, the readings, the officials' decisions and their history, the sealed report. It is created now, never overwritten, and stays on this computer: choose a folder you will find again (for instance Documents).</translation>
    </message>
    <message>
        <source>Fichier du bureau</source>
        <translation>Station file</translation>
    </message>
    <message>
        <source>Choisir l&apos;emplacement…</source>
        <translation>Choose where…</translation>
    </message>
    <message>
        <source>Bureau Plume (*.plume)</source>
        <translation>Plume station (*.plume)</translation>
    </message>
    <message>
        <source>3. La phrase secrète du bureau</source>
        <translation>3. The station's passphrase</translation>
    </message>
    <message>
        <source>La &lt;b&gt;phrase secrète&lt;/b&gt; chiffre les fiches contact (des données sensibles) sur cet ordinateur ; elle sera demandée à chaque ouverture du bureau. Choisissez plusieurs mots, tapez-la deux fois, notez-la et gardez-la avec le matériel du bureau. Sans elle, on ne peut pas continuer.</source>
        <translation>The &lt;b&gt;passphrase&lt;/b&gt; encrypts the contact sheets (sensitive data) on this computer; it will be asked every time the station is opened. Choose several words, type it twice, write it down and keep it with the station's kit. Without it, there is no going on.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00000&apos;&gt;Ce fichier n&apos;est pas un fichier d&apos;élection valide.&lt;/span&gt;&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</source>
        <translation>&lt;span style='color:#b00000'&gt;This is not a valid election file.&lt;/span&gt;&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</translation>
    </message>
    <message numerus="yes">
        <source>✔ %1 (tour %2)&lt;br&gt;%3 — code %4&lt;br&gt;%n candidat(s)</source>
        <translation><numerusform>✔ %1 (round %2)&lt;br&gt;%3 — code %4&lt;br&gt;%n candidate</numerusform><numerusform>✔ %1 (round %2)&lt;br&gt;%3 — code %4&lt;br&gt;%n candidates</numerusform></translation>
    </message>
    <message>
        <source>Ce fichier existe déjà : Plume n&apos;écrase jamais un bureau. Choisissez un autre nom, ou ouvrez ce bureau avec « plume %1 ».</source>
        <translation>This file already exists: Plume never overwrites a station. Choose another name, or open that station with “plume %1”.</translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;existe pas.</source>
        <translation>The folder %1 does not exist.</translation>
    </message>
    <message>
        <source>✔ Le bureau sera créé dans %1.</source>
        <translation>✔ The station will be created in %1.</translation>
    </message>
    <message>
        <source>Le bureau n&apos;a pas pu être créé : %1</source>
        <translation>The station could not be created: %1</translation>
    </message>
</context>
<context>
    <name>plume::ui::FormView</name>
    <message>
        <source>Page du formulaire</source>
        <translation>Form page</translation>
    </message>
    <message>
        <source>%1 → %2 ✎</source>
        <translation>%1 → %2 ✎</translation>
    </message>
</context>
<context>
    <name>plume::ui::InkZoom</name>
    <message>
        <source>Encre du champ, agrandie</source>
        <translation>The field's ink, enlarged</translation>
    </message>
</context>
<context>
    <name>plume::ui::MainWindow</name>
    <message>
        <source>Plume — %1 — %2</source>
        <translation>Plume — %1 — %2</translation>
    </message>
    <message>
        <source>Feuilles</source>
        <translation>Sheets</translation>
    </message>
    <message>
        <source>Bureau</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Membre du bureau de service</source>
        <translation>Official on duty</translation>
    </message>
    <message>
        <source>Écrire à la souris</source>
        <translation>Write with the mouse</translation>
    </message>
    <message>
        <source>Si le stylo n&apos;a plus de batterie : écrivez dans les cases avec la souris ou une tablette (Ctrl+W)</source>
        <translation>If the pen's battery is flat: write in the boxes with the mouse or a tablet (Ctrl+W)</translation>
    </message>
    <message>
        <source>Nouvelle fiche contact</source>
        <translation>New contact sheet</translation>
    </message>
    <message>
        <source>Appairer un stylo…</source>
        <translation>Pair a pen…</translation>
    </message>
    <message>
        <source>Clôturer le PV…</source>
        <translation>Close the report…</translation>
    </message>
    <message>
        <source>Vérifier, faire signer et sceller le PV, puis l&apos;envoyer au siège (Ctrl+K)</source>
        <translation>Check, sign and seal the report, then send it to headquarters (Ctrl+K)</translation>
    </message>
    <message>
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quitter</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Aide</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Raccourcis clavier</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>À propos de Plume</source>
        <translation>About Plume</translation>
    </message>
    <message>
        <source>Envoi au siège : rien à envoyer</source>
        <translation>Headquarters: nothing to send</translation>
    </message>
    <message>
        <source>Reconnaissance indisponible : saisie au clavier</source>
        <translation>Recognition unavailable: type the values</translation>
    </message>
    <message numerus="yes">
        <source>Encre : %n trait(s) enregistré(s)</source>
        <translation><numerusform>Ink: %n stroke saved</numerusform><numerusform>Ink: %n strokes saved</numerusform></translation>
    </message>
    <message>
        <source>Page %1 inconnue : l&apos;encre est gardée mais n&apos;appartient à aucune feuille.</source>
        <translation>Unknown page %1: the ink is kept but belongs to no sheet.</translation>
    </message>
    <message>
        <source>Erreur : %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Code du stylo</source>
        <translation>Pen PIN</translation>
    </message>
    <message>
        <source>Le stylo est protégé par un code.
Essais manqués : %1 sur %2.</source>
        <translation>The pen is protected by a PIN.
Wrong tries: %1 of %2.</translation>
    </message>
    <message>
        <source>Envoi au siège : %1</source>
        <translation>Headquarters: %1</translation>
    </message>
    <message>
        <source>Envoi au siège : %1 (export hors ligne possible)</source>
        <translation>Headquarters: %1 (offline export available)</translation>
    </message>
    <message>
        <source>Qui confirme les valeurs ? (enregistré avec chaque décision)</source>
        <translation>Who confirms the values? (recorded with each decision)</translation>
    </message>
    <message>
        <source>Procès-verbal</source>
        <translation>Report (PV)</translation>
    </message>
    <message>
        <source>Fiche contact %1</source>
        <translation>Contact sheet %1</translation>
    </message>
    <message numerus="yes">
        <source>, %n douteux</source>
        <translation><numerusform>, %n doubtful</numerusform><numerusform>, %n doubtful</numerusform></translation>
    </message>
    <message>
        <source> — scellé</source>
        <translation> — sealed</translation>
    </message>
    <message>
        <source>Stylo : non connecté — saisie à la souris possible (Ctrl+W)</source>
        <translation>Pen: not connected — mouse input available (Ctrl+W)</translation>
    </message>
    <message>
        <source>connecté</source>
        <translation>connected</translation>
    </message>
    <message>
        <source>reconnexion…</source>
        <translation>reconnecting…</translation>
    </message>
    <message>
        <source>code demandé</source>
        <translation>PIN required</translation>
    </message>
    <message>
        <source>bloqué (trop de codes faux)</source>
        <translation>locked (too many wrong PINs)</translation>
    </message>
    <message>
        <source>déconnecté</source>
        <translation>disconnected</translation>
    </message>
    <message>
        <source>connexion…</source>
        <translation>connecting…</translation>
    </message>
    <message>
        <source>Stylo %1 : %2</source>
        <translation>Pen %1: %2</translation>
    </message>
    <message>
        <source> — batterie %1 %%2</source>
        <translation> — battery %1 %%2</translation>
    </message>
    <message>
        <source> (faible !)</source>
        <translation> (low!)</translation>
    </message>
    <message numerus="yes">
        <source> — %n événement(s) perdu(s)</source>
        <translation><numerusform> — %n event lost</numerusform><numerusform> — %n events lost</numerusform></translation>
    </message>
    <message>
        <source>Nouvelle fiche</source>
        <translation>New sheet</translation>
    </message>
    <message>
        <source>&lt;b&gt;Plume %1&lt;/b&gt;&lt;br&gt;Procès-verbaux et fiches contact au stylo numérique, vérifiés par les membres du bureau.&lt;br&gt;Chaque valeur lue par la machine doit être confirmée par une personne.</source>
        <translation>&lt;b&gt;Plume %1&lt;/b&gt;&lt;br&gt;Polling-station reports and contact sheets written with a digital pen, checked by the station's officials.&lt;br&gt;Every value read by the machine must be confirmed by a person.</translation>
    </message>
    <message>
        <source>Corriger le PV scellé…</source>
        <translation>Correct the sealed report…</translation>
    </message>
    <message>
        <source>Abandonner la correction</source>
        <translation>Drop the correction</translation>
    </message>
    <message>
        <source>&lt;b&gt;✍ Écriture à la souris ou à la tablette&lt;/b&gt; : tracez les chiffres et les lettres dans les cases (un simple clic n&apos;écrit pas : il choisit le champ). &lt;b&gt;Ctrl+W&lt;/b&gt; pour revenir à la sélection.</source>
        <translation>&lt;b&gt;✍ Writing with the mouse or a tablet&lt;/b&gt;: draw the digits and letters in the boxes (a mere click writes nothing: it picks the field). &lt;b&gt;Ctrl+W&lt;/b&gt; to go back to selecting.</translation>
    </message>
    <message>
        <source>Enregistré avec chaque décision. Cliquez pour changer.</source>
        <translation>Recorded with every decision. Click to change.</translation>
    </message>
    <message>
        <source>&amp;Affichage</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Feuille suivante</source>
        <translation>Next sheet</translation>
    </message>
    <message>
        <source>Feuille précédente</source>
        <translation>Previous sheet</translation>
    </message>
    <message>
        <source>Agrandir la page</source>
        <translation>Enlarge the page</translation>
    </message>
    <message>
        <source>Réduire la page</source>
        <translation>Shrink the page</translation>
    </message>
    <message>
        <source>Page entière</source>
        <translation>Whole page</translation>
    </message>
    <message>
        <source>Clic : le champ est choisi, rien n&apos;est écrit. Pour écrire, tracez un trait plus long.</source>
        <translation>Click: the field is picked, nothing is written. To write, draw a longer stroke.</translation>
    </message>
    <message>
        <source>Fiche effacée : ni son encre ni ses lectures ne sont gardées.</source>
        <translation>Sheet erased: neither its ink nor its readings are kept.</translation>
    </message>
    <message numerus="yes">
        <source>Envoi au siège : %n livré(s)</source>
        <translation><numerusform>Headquarters: %n delivered</numerusform><numerusform>Headquarters: %n delivered</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>, %n en attente</source>
        <translation><numerusform>, %n waiting</numerusform><numerusform>, %n waiting</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>, %n refusé(s) !</source>
        <translation><numerusform>, %n refused!</numerusform><numerusform>, %n refused!</numerusform></translation>
    </message>
    <message>
        <source>Membre de service : personne — choisir…</source>
        <translation>Official on duty: nobody — choose…</translation>
    </message>
    <message>
        <source>Membre de service : %1 — changer…</source>
        <translation>Official on duty: %1 — change…</translation>
    </message>
    <message>
        <source>%1/%2 confirmés</source>
        <translation>%1/%2 confirmed</translation>
    </message>
    <message>
        <source> — envoyée</source>
        <translation> — sent</translation>
    </message>
    <message>
        <source> — envoyée, effacée du bureau</source>
        <translation> — sent, erased from the station</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n règle(s) non respectée(s)</source>
        <translation><numerusform>%1 %n rule broken</numerusform><numerusform>%1 %n rules broken</numerusform></translation>
    </message>
    <message>
        <source>Sceller la version %1… (Ctrl+K)</source>
        <translation>Seal version %1… (Ctrl+K)</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;✎ Correction du PV scellé&lt;/b&gt; (future version %1) : choisissez un champ, tapez la nouvelle valeur, Entrée. %n correction(s) en attente.</source>
        <translation><numerusform>&lt;b&gt;✎ Correcting the sealed report&lt;/b&gt; (next version %1): pick a field, type the new value, Enter. %n correction waiting.</numerusform><numerusform>&lt;b&gt;✎ Correcting the sealed report&lt;/b&gt; (next version %1): pick a field, type the new value, Enter. %n corrections waiting.</numerusform></translation>
    </message>
    <message>
        <source>&lt;b&gt;PV scellé&lt;/b&gt; (version %1) : ses valeurs ne peuvent plus être modifiées. Une correction fait une nouvelle version, avec sa raison, visible par le siège.</source>
        <translation>&lt;b&gt;Report sealed&lt;/b&gt; (version %1): its values can no longer be changed. A correction makes a new version, with its reason, visible to headquarters.</translation>
    </message>
    <message>
        <source>Aucune correction en attente : tapez d&apos;abord les nouvelles valeurs.</source>
        <translation>No correction waiting: type the new values first.</translation>
    </message>
    <message>
        <source>&lt;table cellspacing=&apos;4&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Entrée&lt;/b&gt;&lt;/td&gt;&lt;td&gt;confirmer la valeur et passer au champ suivant qui attend un membre du bureau&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Entrée, Entrée&lt;/b&gt;&lt;/td&gt;&lt;td&gt;valeur douteuse : la première montre l&apos;encre agrandie, la seconde confirme&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Taper&lt;/b&gt;&lt;/td&gt;&lt;td&gt;remplacer la valeur (puis Entrée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Échap&lt;/b&gt;&lt;/td&gt;&lt;td&gt;annuler la saisie&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F2 à F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;prendre une autre lecture (la lecture d&apos;origine reste proposée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Flèches haut / bas&lt;/b&gt;&lt;/td&gt;&lt;td&gt;changer de champ&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Tab, Maj+Tab&lt;/b&gt;&lt;/td&gt;&lt;td&gt;passer de la liste des champs à la valeur, aux feuilles, au membre de service&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Page suiv. / préc.&lt;/b&gt;&lt;/td&gt;&lt;td&gt;feuille suivante / précédente&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;clôturer et sceller le PV (jamais d&apos;un seul Entrée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Maj+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;corriger le PV scellé (nouvelle version)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+W&lt;/b&gt;&lt;/td&gt;&lt;td&gt;écrire à la souris ou à la tablette&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+plus, Ctrl+moins, Ctrl+0&lt;/b&gt;&lt;/td&gt;&lt;td&gt;agrandir, réduire la page, page entière (aussi Ctrl+molette)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;nouvelle fiche contact&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+P&lt;/b&gt;&lt;/td&gt;&lt;td&gt;appairer un stylo&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F1&lt;/b&gt;&lt;/td&gt;&lt;td&gt;cette aide&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;quitter&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;Le membre de service ne change que par son bouton, en haut.&lt;/p&gt;</source>
        <translation>&lt;table cellspacing='4'&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Enter&lt;/b&gt;&lt;/td&gt;&lt;td&gt;confirm the value and go to the next field waiting for an official&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Enter, Enter&lt;/b&gt;&lt;/td&gt;&lt;td&gt;doubtful value: the first shows the ink enlarged, the second confirms&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Typing&lt;/b&gt;&lt;/td&gt;&lt;td&gt;replace the value (then Enter)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;cancel the input&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F2 to F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;take another reading (the original reading stays on offer)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Up / Down arrows&lt;/b&gt;&lt;/td&gt;&lt;td&gt;change field&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Tab, Shift+Tab&lt;/b&gt;&lt;/td&gt;&lt;td&gt;go from the list of fields to the value, the sheets, the official on duty&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Page Down / Up&lt;/b&gt;&lt;/td&gt;&lt;td&gt;next / previous sheet&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;close and seal the report (never with a single Enter)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Shift+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;correct the sealed report (new version)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+W&lt;/b&gt;&lt;/td&gt;&lt;td&gt;write with the mouse or a tablet&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+plus, Ctrl+minus, Ctrl+0&lt;/b&gt;&lt;/td&gt;&lt;td&gt;enlarge, shrink the page, whole page (also Ctrl+wheel)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;new contact sheet&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+P&lt;/b&gt;&lt;/td&gt;&lt;td&gt;pair a pen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F1&lt;/b&gt;&lt;/td&gt;&lt;td&gt;this help&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;quit&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;The official on duty changes only with its button, at the top.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Reconnaissance : active</source>
        <translation>Recognition: on</translation>
    </message>
    <message>
        <source>Modèle %1</source>
        <translation>Model %1</translation>
    </message>
    <message>
        <source>Corrections non scellées</source>
        <translation>Corrections not sealed</translation>
    </message>
    <message numerus="yes">
        <source>Corrections du PV scellé en attente, pas encore scellées : %n. Si vous quittez maintenant, rien n&apos;en sera gardé.</source>
        <translation><numerusform>Corrections of the sealed report waiting, not sealed yet: %n. If you quit now, none of it is kept.</numerusform><numerusform>Corrections of the sealed report waiting, not sealed yet: %n. If you quit now, none of them is kept.</numerusform></translation>
    </message>
    <message>
        <source>Quitter sans les sceller</source>
        <translation>Quit without sealing them</translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation>Go back</translation>
    </message>
</context>
<context>
    <name>plume::ui::PairingDialog</name>
    <message>
        <source>Appairer un stylo numérique</source>
        <translation>Pair a digital pen</translation>
    </message>
    <message>
        <source>Stylos à proximité</source>
        <translation>Pens nearby</translation>
    </message>
    <message>
        <source>Connecter</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Rechercher à nouveau</source>
        <translation>Search again</translation>
    </message>
    <message>
        <source>%1 — %2 — signal %3 dBm%4</source>
        <translation>%1 — %2 — signal %3 dBm%4</translation>
    </message>
    <message>
        <source> — batterie %1 %</source>
        <translation> — battery %1 %</translation>
    </message>
    <message>
        <source>Choisissez votre stylo puis « Connecter ».</source>
        <translation>Choose your pen, then “Connect”.</translation>
    </message>
    <message>
        <source>Aucun stylo trouvé. Allumez le stylo et rapprochez-le de l&apos;ordinateur.</source>
        <translation>No pen found. Switch the pen on and bring it close to the computer.</translation>
    </message>
    <message>
        <source>Recherche des stylos à proximité…</source>
        <translation>Looking for pens nearby…</translation>
    </message>
</context>
<context>
    <name>plume::ui::PassphraseFields</name>
    <message numerus="yes">
        <source>Trop courte : %n caractère(s) au moins. Plusieurs mots font une bonne phrase secrète.</source>
        <translation><numerusform>Too short: %n character at least. Several words make a good passphrase.</numerusform><numerusform>Too short: %n characters at least. Several words make a good passphrase.</numerusform></translation>
    </message>
    <message>
        <source>Les deux saisies sont différentes : retapez la même phrase secrète.</source>
        <translation>The two entries differ: type the same passphrase again.</translation>
    </message>
    <message>
        <source>✔ Phrase secrète acceptée. Notez-la et gardez-la avec le matériel du bureau.</source>
        <translation>✔ Passphrase accepted. Write it down and keep it with the station's kit.</translation>
    </message>
    <message>
        <source>Phrase secrète</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Phrase secrète, une seconde fois</source>
        <translation>Passphrase, a second time</translation>
    </message>
    <message>
        <source>Phrase secrète :</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Une seconde fois :</source>
        <translation>A second time:</translation>
    </message>
</context>
<context>
    <name>plume::ui::ReviewPanel</name>
    <message>
        <source>Champ</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>État</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Champs de la feuille</source>
        <translation>Fields of the sheet</translation>
    </message>
    <message>
        <source>Valeur du champ</source>
        <translation>Field value</translation>
    </message>
    <message>
        <source>Confirmer (Entrée)</source>
        <translation>Confirm (Enter)</translation>
    </message>
    <message>
        <source>Contrôle du PV</source>
        <translation>Report check</translation>
    </message>
    <message>
        <source>par %1</source>
        <translation>by %1</translation>
    </message>
    <message>
        <source>Lu par la machine : rien ne compte tant qu&apos;un membre du bureau ne l&apos;a pas confirmé.</source>
        <translation>Read by the machine: nothing counts until an official has confirmed it.</translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord le membre du bureau de service.</source>
        <translation>First choose the official on duty.</translation>
    </message>
    <message>
        <source>Valeur refusée</source>
        <translation>Value refused</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#0a6e2c&apos;&gt;✔ Le PV est cohérent et toutes ses valeurs sont confirmées.&lt;/span&gt;</source>
        <translation>&lt;span style='color:#0a6e2c'&gt;✔ The report is consistent and every value is confirmed.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Aucune règle n&apos;est enfreinte par les valeurs lues.</source>
        <translation>No rule is broken by the values read.</translation>
    </message>
    <message numerus="yes">
        <source>%n champ(s) du PV à confirmer.</source>
        <translation><numerusform>%n report field to confirm.</numerusform><numerusform>%n report fields to confirm.</numerusform></translation>
    </message>
    <message>
        <source>Règle</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Tapez la valeur écrite sur le papier</source>
        <translation>Type the value written on the paper</translation>
    </message>
    <message>
        <source>Annuler la saisie (Échap)</source>
        <translation>Cancel the input (Esc)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Contrôle du PV&lt;/b&gt;</source>
        <translation>&lt;b&gt;Report check&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Règle %1 : voir le contrôle du PV</source>
        <translation>Rule %1: see the report check</translation>
    </message>
    <message>
        <source>Fiche envoyée au siège : elle ne peut plus être modifiée.</source>
        <translation>Sheet sent to headquarters: it can no longer be changed.</translation>
    </message>
    <message>
        <source>Correction : tapez la nouvelle valeur puis &lt;b&gt;Entrée&lt;/b&gt;. Elle sera scellée dans la nouvelle version, avec sa raison.</source>
        <translation>Correction: type the new value, then &lt;b&gt;Enter&lt;/b&gt;. It will be sealed in the new version, with its reason.</translation>
    </message>
    <message>
        <source>PV scellé : les valeurs ne peuvent plus être modifiées ici (« Corriger le PV scellé… »).</source>
        <translation>Report sealed: the values can no longer be changed here (“Correct the sealed report…”).</translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ Lecture douteuse&lt;/b&gt; : %1.</source>
        <translation>&lt;b&gt;⚠ Doubtful reading&lt;/b&gt;: %1.</translation>
    </message>
    <message>
        <source>Comparez avec l&apos;encre agrandie : &lt;b&gt;Entrée&lt;/b&gt; de nouveau confirme « %1 », sinon tapez la bonne valeur.</source>
        <translation>Compare with the enlarged ink: &lt;b&gt;Enter&lt;/b&gt; again confirms “%1”, else type the right value.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Entrée&lt;/b&gt; montre l&apos;encre agrandie ; une seconde &lt;b&gt;Entrée&lt;/b&gt; confirme.</source>
        <translation>&lt;b&gt;Enter&lt;/b&gt; shows the ink enlarged; a second &lt;b&gt;Enter&lt;/b&gt; confirms.</translation>
    </message>
    <message>
        <source>Encre en cours de lecture…</source>
        <translation>Ink being read…</translation>
    </message>
    <message>
        <source>%1 par %2 à %3.</source>
        <translation>%1 by %2 at %3.</translation>
    </message>
    <message>
        <source>Pas d&apos;encre : tapez la valeur écrite sur le papier.</source>
        <translation>No ink: type the value written on the paper.</translation>
    </message>
    <message>
        <source>lecture d&apos;origine</source>
        <translation>original reading</translation>
    </message>
    <message>
        <source>&lt;b&gt;F%1&lt;/b&gt; : %2</source>
        <translation>&lt;b&gt;F%1&lt;/b&gt;: %2</translation>
    </message>
    <message>
        <source>Autres lectures : %1</source>
        <translation>Other readings: %1</translation>
    </message>
    <message>
        <source>Cette feuille est scellée : elle ne peut plus être modifiée ici.</source>
        <translation>This sheet is sealed: it can no longer be changed here.</translation>
    </message>
    <message>
        <source>Ce champ n&apos;a pas de valeur : tapez la valeur écrite sur le papier.</source>
        <translation>This field has no value: type the value written on the paper.</translation>
    </message>
    <message>
        <source>Pas de consentement</source>
        <translation>No consent</translation>
    </message>
    <message>
        <source>Cette fiche sera effacée (encre et lectures). Continuer ?</source>
        <translation>This sheet will be erased (ink and readings). Go on?</translation>
    </message>
    <message>
        <source>La case de consentement est vide ou lue « non » : sans consentement, rien de cette fiche n&apos;est gardé.</source>
        <translation>The consent box is empty or read “no”: without consent, nothing of this sheet is kept.</translation>
    </message>
    <message>
        <source>Effacer la fiche</source>
        <translation>Erase the sheet</translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>Confiance de la lecture : %1 %</source>
        <translation>Reading confidence: %1 %</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;&lt;b&gt;%2 %3&lt;/b&gt;&lt;/span&gt; : %4</source>
        <translation>&lt;span style='color:%1'&gt;&lt;b&gt;%2 %3&lt;/b&gt;&lt;/span&gt;: %4</translation>
    </message>
</context>
<context>
    <name>plume::ui::SetPassphraseDialog</name>
    <message>
        <source>Phrase secrète du bureau</source>
        <translation>Station passphrase</translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas encore de phrase secrète. Elle chiffre les fiches contact (données sensibles) sur cet ordinateur et sera demandée à chaque ouverture. Tapez-la deux fois.</source>
        <translation>This station has no passphrase yet. It encrypts the contact sheets (sensitive data) on this computer and will be asked at every opening. Type it twice.</translation>
    </message>
    <message>
        <source>Protéger le bureau</source>
        <translation>Protect the station</translation>
    </message>
    <message>
        <source>Quitter Plume</source>
        <translation>Quit Plume</translation>
    </message>
</context>
<context>
    <name>plume::ui::Station</name>
    <message>
        <source>Fichier d&apos;élection invalide : %1</source>
        <translation>Invalid election file: %1</translation>
    </message>
    <message>
        <source>Format inconnu : %1</source>
        <translation>Unknown format: %1</translation>
    </message>
    <message>
        <source>non configuré</source>
        <translation>not configured</translation>
    </message>
</context>
<context>
    <name>plume::ui::UnlockDialog</name>
    <message>
        <source>Ouvrir le bureau</source>
        <translation>Open the station</translation>
    </message>
    <message>
        <source>Phrase secrète du bureau (elle protège les fiches contact et la clé qui signe le PV) :</source>
        <translation>Station passphrase (it protects the contact sheets and the key that signs the report):</translation>
    </message>
    <message>
        <source>Phrase secrète</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Ouvrir</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Quitter Plume</source>
        <translation>Quit Plume</translation>
    </message>
    <message numerus="yes">
        <source>Phrase secrète incorrecte (%n essai(s) manqué(s)). Vérifiez les majuscules et réessayez.</source>
        <translation><numerusform>Wrong passphrase (%n failed try). Check the capitals and try again.</numerusform><numerusform>Wrong passphrase (%n failed tries). Check the capitals and try again.</numerusform></translation>
    </message>
    <message>
        <source>Quitter Plume ?</source>
        <translation>Quit Plume?</translation>
    </message>
    <message>
        <source>Sans la phrase secrète, Plume ne peut pas ouvrir ce bureau. Quitter Plume ?</source>
        <translation>Without the passphrase, Plume cannot open this station. Quit Plume?</translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation>Go back</translation>
    </message>
</context>
</TS>
