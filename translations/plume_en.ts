<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>CanonicalJson</name>
    <message>
        <source>le JSON canonique ne contient que des entiers</source>
        <translation>canonical JSON holds integers only</translation>
    </message>
    <message>
        <source>entier hors limites (|n| &gt; 2^53 − 1)</source>
        <translation>integer out of range (|n| &gt; 2^53 - 1)</translation>
    </message>
    <message>
        <source>JSON imbriqué trop profondément</source>
        <translation>JSON nested too deeply</translation>
    </message>
    <message>
        <source>valeur JSON indéfinie</source>
        <translation>undefined JSON value</translation>
    </message>
</context>
<context>
    <name>Crypto</name>
    <message>
        <source>La bibliothèque de chiffrement (libsodium) ne démarre pas.</source>
        <translation>Libsodium cannot be initialised.</translation>
    </message>
    <message>
        <source>Ce bureau a déjà sa paire de clés.</source>
        <translation>This station already has a key pair.</translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de paire de clés à remplacer.</source>
        <translation>This station has no key pair to replace.</translation>
    </message>
    <message>
        <source>L&apos;envoi %1 ne se lit pas : rien n&apos;est signé de nouveau.</source>
        <translation>Item %1 cannot be read: nothing is signed again.</translation>
    </message>
</context>
<context>
    <name>Election</name>
    <message>
        <source>JSON invalide à la position %1 : %2</source>
        <translation>Not valid JSON at offset %1: %2</translation>
    </message>
    <message>
        <source>Le fichier de l&apos;élection doit être un objet JSON.</source>
        <translation>The election file must be a JSON object.</translation>
    </message>
    <message>
        <source>Il manque le nom de l&apos;élection (election.name).</source>
        <translation>Election.name is missing.</translation>
    </message>
    <message>
        <source>Le tour (election.round) doit être entre 1 et 9.</source>
        <translation>Election.round must be between 1 and 9.</translation>
    </message>
    <message>
        <source>Le nombre d&apos;inscrits (station.inscrits) doit être un entier positif ou nul.</source>
        <translation>Station.inscrits must be a non-negative integer.</translation>
    </message>
    <message>
        <source>La liste des candidats (candidates) doit en compter au moins un.</source>
        <translation>Candidates must list at least one candidate.</translation>
    </message>
    <message>
        <source>L&apos;identifiant du candidat « %1 » doit faire de 1 à 32 caractères parmi a-z, 0-9, « _ » et « - ».</source>
        <translation>Candidate id '%1' must be 1-32 of a-z 0-9 _ -.</translation>
    </message>
    <message>
        <source>Le candidat « %1 » n&apos;a pas de nom.</source>
        <translation>Candidate '%1' has no name.</translation>
    </message>
    <message>
        <source>L&apos;identifiant de candidat « %1 » apparaît deux fois.</source>
        <translation>Candidate id '%1' appears twice.</translation>
    </message>
    <message>
        <source>Impossible de lire %1 : %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 est trop gros pour un fichier d&apos;élection.</source>
        <translation>%1 is too large for an election file.</translation>
    </message>
    <message>
        <source>Le code du bureau (station.code) doit faire de 1 à 32 lettres sans accent, chiffres ou « - », comme au siège.</source>
        <translation>The station code (station.code) must be 1-32 unaccented letters, digits or '-', as at headquarters.</translation>
    </message>
    <message>
        <source>%1 dépasse %2 caractères.</source>
        <translation>%1 is longer than %2 characters.</translation>
    </message>
    <message>
        <source>%1 contient un caractère de contrôle (U+%2).</source>
        <translation>%1 holds a control character (U+%2).</translation>
    </message>
    <message>
        <source>Le nom du candidat « %1 »</source>
        <translation>The name of candidate “%1”</translation>
    </message>
    <message>
        <source>%1 contient un caractère invisible (U+%2).</source>
        <translation>%1 holds an invisible character (U+%2).</translation>
    </message>
    <message>
        <source>Le nombre d&apos;inscrits (station.inscrits) dépasse %1, le plus grand que les cases du PV peuvent recevoir.</source>
        <translation>The number of registered voters (station.inscrits) is over %1, the largest the PV's boxes can hold.</translation>
    </message>
    <message>
        <source>Les candidats « %1 » et « %2 » ont le même ordre (order) %3.</source>
        <translation>Candidates '%1' and '%2' have the same order (order) %3.</translation>
    </message>
    <message>
        <source>Les candidats « %1 » et « %2 » portent le même nom.</source>
        <translation>Candidates '%1' and '%2' have the same name.</translation>
    </message>
    <message>
        <source>Le PV imprimé tient au plus %1 candidats ; ce fichier en compte %2.</source>
        <translation>The printed PV holds at most %1 candidates; this file has %2.</translation>
    </message>
    <message>
        <source>L&apos;ordre (order) du candidat « %1 » doit être un entier de 1 à 999.</source>
        <translation>The order (order) of candidate '%1' must be a whole number from 1 to 999.</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Impossible d&apos;écrire %1 : %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>Le formulaire du PV ne se charge pas : %1</source>
        <translation>The PV form cannot be loaded: %1</translation>
    </message>
    <message>
        <source>Le PV n&apos;est pas encore scellé : clôturez-le d&apos;abord.</source>
        <translation>The PV is not sealed yet: close it first (plumectl close).</translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de clé de signature.</source>
        <translation>This station has no signing key.</translation>
    </message>
    <message>
        <source>Le PV scellé enregistré ne se vérifie pas : %1</source>
        <translation>The stored sealed PV does not verify: %1</translation>
    </message>
    <message>
        <source>la clé publique n&apos;est pas le base64 de 32 octets</source>
        <translation>the public key is not base64 of 32 bytes</translation>
    </message>
    <message>
        <source>la clé publique du document (public_key) n&apos;est pas celle donnée</source>
        <translation>the document's public_key is not the key given</translation>
    </message>
    <message>
        <source>aucune clé de confiance : la signature est correcte, mais faite par une clé que personne n&apos;a garantie</source>
        <translation>no trusted key: the signature is correct but made by a key nobody vouched for</translation>
    </message>
    <message>
        <source>Impossible d&apos;écrire le PDF %1</source>
        <translation>Cannot write the PDF %1</translation>
    </message>
    <message>
        <source>Impossible de coder le QR code</source>
        <translation>Cannot encode the QR code</translation>
    </message>
    <message>
        <source>Aucun fichier de sortie donné.</source>
        <translation>No output file given.</translation>
    </message>
    <message>
        <source>Format d&apos;export inconnu.</source>
        <translation>Unknown export format.</translation>
    </message>
    <message>
        <source>%1 est le fichier du bureau : il ne sera pas remplacé par un export, choisissez un autre nom.</source>
        <translation>%1 is the station file: an export never replaces it, choose another name.</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier ordinaire : donnez le chemin d&apos;un fichier à écrire.</source>
        <translation>%1 is not a regular file: give the path of a file to write.</translation>
    </message>
    <message>
        <source>Le PV est scellé, mais son document signé manque ou ne se lit pas : le fichier du bureau a été modifié hors de Plume.</source>
        <translation>The PV is sealed, but its signed document is missing or unreadable: the station file was modified outside Plume.</translation>
    </message>
    <message>
        <source>ce document signé n&apos;est pas un PV</source>
        <translation>this signed document is not a PV</translation>
    </message>
    <message>
        <source>le bureau du PV (%1) n&apos;est pas le bureau qui l&apos;a signé (%2)</source>
        <translation>the PV's station (%1) is not the station that signed it (%2)</translation>
    </message>
    <message>
        <source>la version du PV n&apos;est pas la version signée</source>
        <translation>the PV's version is not the signed version</translation>
    </message>
    <message>
        <source>%1 est le fichier de la phrase secrète du bureau : il ne sera pas remplacé par un export, choisissez un autre nom.</source>
        <translation>%1 is the station's passphrase file: it will not be replaced by an export, choose another name.</translation>
    </message>
    <message>
        <source>Les versions scellées du PV ne se suivent pas : le fichier du bureau a été modifié hors de Plume.</source>
        <translation>The PV's sealed versions do not follow each other: the station file was modified outside Plume.</translation>
    </message>
    <message>
        <source>L&apos;export du PV demande la phrase secrète du bureau : sans elle, le contrôle du fichier est partiel (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation>Exporting the PV needs the station passphrase: without it the file's check is partial (--passphrase-file FILE or PLUME_PASSPHRASE_FILE).</translation>
    </message>
    <message>
        <source> : le document est correctement signé, mais par une autre clé (%1) ; une clé du bureau d&apos;avant « station rekey », ou une autre clé que la sienne</source>
        <translation>: the document is correctly signed, but by another key (%1): a key the station had before “station rekey”, or a key not its own</translation>
    </message>
    <message>
        <source>%1 est un lien symbolique : donnez le chemin d&apos;un fichier ordinaire à écrire.</source>
        <translation>%1 is a symbolic link: give the path of a regular file to write.</translation>
    </message>
    <message>
        <source>le document est bien signé, mais Plume n&apos;aurait jamais pu sceller ce PV : %1</source>
        <translation>the document is correctly signed, but Plume could never have sealed this report: %1</translation>
    </message>
    <message>
        <source>une base SQLite (un fichier de bureau ou sa copie ?)</source>
        <translation>an SQLite database (a station file or its copy?)</translation>
    </message>
    <message>
        <source>le fichier de clé du siège</source>
        <translation>headquarters' key file</translation>
    </message>
    <message>
        <source>un fichier hors ligne pour le siège</source>
        <translation>an offline file for headquarters</translation>
    </message>
    <message>
        <source>%1 est %2 : il ne sera pas remplacé par un export, choisissez un autre nom.</source>
        <translation>%1 is %2: an export will not replace it, choose another name.</translation>
    </message>
</context>
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
        <translation>Type “yes” or “no”.</translation>
    </message>
    <message>
        <source>Lettres, trait d&apos;union, apostrophe et espace seulement.</source>
        <translation>Letters, hyphen, apostrophe and space only.</translation>
    </message>
    <message>
        <source>Cette valeur ne convient pas à ce champ.</source>
        <translation>This value does not fit this field.</translation>
    </message>
    <message>
        <source>✎ en attente</source>
        <translation>✎ waiting</translation>
    </message>
    <message>
        <source>Correction en attente : elle sera scellée dans la nouvelle version du PV, avec sa raison.</source>
        <translation>Correction waiting: it will be sealed in the report's new version, with its reason.</translation>
    </message>
    <message>
        <source>✎ non confirmé</source>
        <translation>✎ not confirmed</translation>
    </message>
    <message>
        <source>Correction saisie, non confirmée : rien n&apos;est enregistré. Revenez sur le champ : Entrée la confirme, Échap l&apos;abandonne.</source>
        <translation>Correction typed, not confirmed: nothing is recorded. Go back to the field: Enter confirms it, Esc drops it.</translation>
    </message>
    <message>
        <source>✎ à taper</source>
        <translation>✎ to type</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>au plus %1 caractères</source>
        <translation>at most %1 characters</translation>
    </message>
    <message>
        <source>un compte est un nombre entier positif ou nul</source>
        <translation>a count is a whole number ≥ 0</translation>
    </message>
    <message>
        <source>un code postal a 5 chiffres</source>
        <translation>a postcode has 5 digits</translation>
    </message>
    <message>
        <source>un numéro de téléphone français a 10 chiffres et commence par 0</source>
        <translation>a French phone number has 10 digits starting with 0</translation>
    </message>
    <message>
        <source>une adresse de courriel comme nom@domaine.fr est attendue</source>
        <translation>expected an e-mail address like nom@domaine.fr</translation>
    </message>
    <message>
        <source>« oui » ou « non » est attendu</source>
        <translation>expected 'oui' or 'non'</translation>
    </message>
    <message>
        <source>Cette feuille est scellée : elle ne peut plus être modifiée.</source>
        <translation>This sheet is sealed: it can no longer be changed.</translation>
    </message>
    <message>
        <source>Cette fiche a été envoyée au siège puis effacée du bureau : elle ne peut plus être modifiée.</source>
        <translation>This sheet was sent to headquarters, then erased from the station: it can no longer be changed.</translation>
    </message>
    <message>
        <source>Cette fiche a été effacée faute de consentement : elle ne reçoit plus de décision.</source>
        <translation>This sheet was erased for want of consent: it takes no more decisions.</translation>
    </message>
    <message>
        <source>Pas de feuille « %1 ».</source>
        <translation>No sheet '%1'.</translation>
    </message>
    <message>
        <source>Le formulaire « %1 » n&apos;a pas de champ « %2 ».</source>
        <translation>Form '%1' has no field '%2'.</translation>
    </message>
    <message>
        <source>Une décision demande le nom du membre du bureau.</source>
        <translation>A decision needs the name of the official.</translation>
    </message>
    <message>
        <source>Valeur invalide pour %1 : %2</source>
        <translation>Invalid value for %1: %2</translation>
    </message>
    <message>
        <source>Le champ %1 n&apos;a pas de lecture à confirmer : donnez sa valeur.</source>
        <translation>Field %1 has no reading to confirm: type its value.</translation>
    </message>
    <message>
        <source>Impossible d&apos;écrire %1</source>
        <translation>Cannot write %1</translation>
    </message>
    <message>
        <source>champ « %1 » : il faut name, x_mm, y_mm, box_w_mm, box_h_mm, de 0 à 64 cases (boxes) et pitch_mm &gt;= box_w_mm</source>
        <translation>field '%1': needs name, x_mm, y_mm, box_w_mm, box_h_mm, 0-64 boxes and pitch_mm &gt;= box_w_mm</translation>
    </message>
    <message>
        <source>Le modèle de formulaire n&apos;est pas un objet JSON : %1</source>
        <translation>The form template is not a JSON object: %1</translation>
    </message>
    <message>
        <source>Le modèle de formulaire demande un id et des champs (fields).</source>
        <translation>Form template needs an id and fields.</translation>
    </message>
    <message>
        <source>Impossible de lire le modèle de formulaire %1 : %2</source>
        <translation>Cannot read form template %1: %2</translation>
    </message>
    <message>
        <source>champ « %1 » : grammaire « %2 » inconnue</source>
        <translation>field '%1': unknown grammar '%2'</translation>
    </message>
    <message>
        <source>« %1 » n&apos;est pas un membre de ce bureau : le fichier d&apos;élection désigne %2. Choisissez l&apos;un d&apos;eux.</source>
        <translation>“%1” is not an official of this station: the election file names %2. Choose one of them.</translation>
    </message>
    <message>
        <source>« %1 » désigne plusieurs membres de ce bureau (%2) : donnez le nom avec le rôle entre parenthèses, tel que le fichier d&apos;élection l&apos;écrit.</source>
        <translation>“%1” names several officials of this station (%2): give the name with the role in parentheses, as the election file writes it.</translation>
    </message>
    <message>
        <source>des lettres, le trait d&apos;union, l&apos;apostrophe et l&apos;espace seulement, en commençant par une lettre</source>
        <translation>letters, hyphen, apostrophe and space only, starting with a letter</translation>
    </message>
    <message>
        <source>des lettres, des chiffres, l&apos;espace et , &apos; . / - seulement, en commençant par une lettre ou un chiffre</source>
        <translation>letters, digits, space and , ' . / - only, starting with a letter or a digit</translation>
    </message>
    <message>
        <source>des chiffres, des lettres sans accent et « - » seulement, en commençant par un chiffre ou une lettre</source>
        <translation>digits, unaccented letters and "-" only, starting with a digit or a letter</translation>
    </message>
    <message numerus="yes">
        <source>Le PV imprimé tient au plus %n candidat(s) ; l&apos;élection en compte %1.</source>
        <translation><numerusform>The printed PV holds at most %n candidate; the election has %1.</numerusform><numerusform>The printed PV holds at most %n candidates; the election has %1.</numerusform></translation>
    </message>
    <message>
        <source>%1 est un lien symbolique : donnez le chemin d&apos;un fichier ordinaire à écrire.</source>
        <translation>%1 is a symbolic link: give the path of a regular file to write.</translation>
    </message>
</context>
<context>
    <name>HqConfigText</name>
    <message>
        <source>l&apos;adresse du siège manque ou est invalide</source>
        <translation>headquarters URL is missing or invalid</translation>
    </message>
    <message>
        <source>l&apos;adresse du siège doit commencer par https:// (ou http:// vers cette machine)</source>
        <translation>headquarters URL must be https:// (or http:// to loopback)</translation>
    </message>
    <message>
        <source>le fichier d&apos;autorité ne contient aucun certificat PEM</source>
        <translation>the CA file holds no PEM certificate</translation>
    </message>
    <message>
        <source>Changer le siège ou sa clé demande la phrase secrète du bureau (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE) : le siège reçoit les fiches contact et ses accusés de réception les effacent du bureau.</source>
        <translation>Changing headquarters or its key needs the station passphrase (--passphrase-file FILE or PLUME_PASSPHRASE_FILE): headquarters receives the contact sheets and its receipts erase them from the station.</translation>
    </message>
    <message>
        <source>le http simple n&apos;est permis que vers cette machine (loopback : 127.0.0.1, ::1, localhost) ; utilisez https avec l&apos;empreinte du certificat du siège (--pin-sha256) ou un fichier d&apos;autorité (--ca-file)</source>
        <translation>plain http is allowed only to a loopback address (127.0.0.1, ::1, localhost); use https with the HQ certificate pinned (--pin-sha256) or a CA file (--ca-file)</translation>
    </message>
    <message>
        <source>https demande l&apos;empreinte du certificat du siège (--pin-sha256) ou un fichier d&apos;autorité (--ca-file)</source>
        <translation>https needs the HQ certificate pinned (--pin-sha256) or a CA file (--ca-file)</translation>
    </message>
    <message>
        <source>le http simple n&apos;a pas de certificat : l&apos;empreinte (--pin-sha256) et le fichier d&apos;autorité (--ca-file) demandent une adresse https://</source>
        <translation>plain http has no certificate: the fingerprint (--pin-sha256) and the authority file (--ca-file) need an https:// address</translation>
    </message>
    <message>
        <source>l&apos;adresse du siège ne porte ni nom d&apos;utilisateur ni mot de passe (https://hôte:port)</source>
        <translation>the headquarters address carries no user name or password (https://host:port)</translation>
    </message>
    <message>
        <source>l&apos;empreinte du certificat doit être ses 64 chiffres hexadécimaux (SHA-256 du certificat en DER : openssl x509 -in hq.pem -outform der | sha256sum)</source>
        <translation>the certificate pin must be its 64 hexadecimal digits (SHA-256 of the DER certificate: openssl x509 -in hq.pem -outform der | sha256sum)</translation>
    </message>
    <message>
        <source>impossible de lire %1 : %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 est trop gros pour un fichier d&apos;autorité (%2 Kio au plus)</source>
        <translation>%1 is too large for an authority file (at most %2 KiB)</translation>
    </message>
</context>
<context>
    <name>HqText</name>
    <message>
        <source>Base de données : sqlite:CHEMIN ou postgresql://user:pass@host:port/db[?host=DOSSIER] (par défaut $PLUME_HQ_DB).</source>
        <translation>Database: sqlite:PATH or postgresql://user:pass@host:port/db[?host=DIR] (default $PLUME_HQ_DB).</translation>
    </message>
    <message>
        <source>Fichier de la clé du siège (par défaut $PLUME_HQ_KEY_FILE, sinon &lt;chemin sqlite&gt;.key ; obligatoire avec PostgreSQL).</source>
        <translation>HQ key file (default $PLUME_HQ_KEY_FILE, else &lt;sqlite path&gt;.key; required with PostgreSQL).</translation>
    </message>
    <message>
        <source>--db URL est obligatoire (ou PLUME_HQ_DB)</source>
        <translation>--db URL is required (or PLUME_HQ_DB)</translation>
    </message>
    <message>
        <source>--key-file FICHIER est obligatoire avec PostgreSQL (ou PLUME_HQ_KEY_FILE)</source>
        <translation>--key-file FILE is required with PostgreSQL (or PLUME_HQ_KEY_FILE)</translation>
    </message>
    <message>
        <source>Code du bureau.</source>
        <translation>Station code.</translation>
    </message>
    <message>
        <source>ce siège a déjà sa clé : plume-hq keys show --db URL</source>
        <translation>this headquarters already has its key: plume-hq keys show --db URL</translation>
    </message>
    <message>
        <source>Crée une base plume-hq (fichier SQLite, mode 0600 ; ou les tables d&apos;une base PostgreSQL existante).</source>
        <translation>Create a plume-hq database (SQLite file, mode 0600; or the tables of an existing PostgreSQL database).</translation>
    </message>
    <message>
        <source>Crée la paire de clés Ed25519 du siège : la clé secrète dans le fichier de clé (mode 0600), la clé publique dans la base ; l&apos;écrit en dernière ligne.</source>
        <translation>Create headquarters' Ed25519 key pair: the secret key in the key file (mode 0600), the public key in the database; print it as the last line.</translation>
    </message>
    <message>
        <source>Écrit la clé publique du siège (base64, dernière ligne) pour plumectl station set-hq --hq-key.</source>
        <translation>Print headquarters' public key (base64, last line) for plumectl station set-hq --hq-key.</translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection (docs/election-config.md), avec ou sans liste « stations ».</source>
        <translation>Election file (docs/election-config.md), with or without a “stations” list.</translation>
    </message>
    <message>
        <source>Fait connaître une élection au siège : chaque PV est contrôlé par rapport à elle.</source>
        <translation>Make an election known to headquarters: every report is checked against it.</translation>
    </message>
    <message>
        <source>Clé publique Ed25519, en base64 (plumectl station pubkey).</source>
        <translation>Ed25519 public key, base64 (plumectl station pubkey).</translation>
    </message>
    <message>
        <source>Remplace la clé d&apos;un bureau inscrit (tout de suite, même pour un serveur en marche).</source>
        <translation>Replace an enrolled station's key (at once, even for a running server).</translation>
    </message>
    <message>
        <source>Inscrit un bureau et sa clé publique.</source>
        <translation>Enrol a station and its public key.</translation>
    </message>
    <message>
        <source>Révoque la clé d&apos;un bureau : ses envois sont refusés (401) dès la requête suivante.</source>
        <translation>Revoke a station's key: its submissions are refused (401) from the next request.</translation>
    </message>
    <message>
        <source>--station CODE : 1 à 32 caractères parmi 0-9 A-Z a-z et « - »</source>
        <translation>--station CODE: 1 to 32 characters among 0-9 A-Z a-z and “-”</translation>
    </message>
    <message>
        <source>Identifiant de l&apos;élection (par défaut : la dernière ajoutée).</source>
        <translation>Election identifier (default: the last one added).</translation>
    </message>
    <message>
        <source>Écrit les résultats consolidés (JSON, vue de l&apos;opérateur).</source>
        <translation>Write the consolidated results (JSON, operator's view).</translation>
    </message>
    <message>
        <source>aucune élection de ce nom (plume-hq elections add)</source>
        <translation>no election by that name (plume-hq elections add)</translation>
    </message>
    <message>
        <source>--out FICHIER est obligatoire</source>
        <translation>--out FILE is required</translation>
    </message>
    <message>
        <source>%1 existe déjà : plume-hq ne remplace jamais un export de contacts (il peut être le seul à contenir ses fiches). Choisissez un autre nom ; rien n&apos;a été exporté.</source>
        <translation>%1 already exists: plume-hq never overwrites a contact export (it may be the only one holding its sheets). Choose another name; nothing was exported.</translation>
    </message>
    <message>
        <source>--days N (jours) ou off</source>
        <translation>--days N (days) or off</translation>
    </message>
    <message>
        <source>aucune durée de conservation : --days N</source>
        <translation>no retention period: --days N</translation>
    </message>
    <message>
        <source>Fichier JSON à écrire (mode 0600).</source>
        <translation>JSON file to write (mode 0600).</translation>
    </message>
    <message>
        <source>retention : les contacts exportés sont effacés après N jours (off : jamais) ; purge : ceux exportés il y a plus de N jours (par défaut : la durée de conservation).</source>
        <translation>retention: exported contacts are erased after N days (off: never); purge: those exported more than N days ago (default: the retention period).</translation>
    </message>
    <message>
        <source>Contacts : export (leur seule sortie, déchiffrés avec le fichier de clé), conservation, effacement.</source>
        <translation>Contacts: export (their only way out, decrypted with the key file), retention, erasure.</translation>
    </message>
    <message>
        <source>Plus grand envoi accepté, en octets.</source>
        <translation>Largest submission accepted, in bytes.</translation>
    </message>
    <message>
        <source>Fichier(s) hors ligne.</source>
        <translation>Offline file(s).</translation>
    </message>
    <message>
        <source>Reçoit les fichiers hors ligne des bureaux (mêmes contrôles et même règle « une seule fois » que l&apos;API HTTP).</source>
        <translation>Receive the stations' offline files (same checks and same “only once” rule as the HTTP API).</translation>
    </message>
    <message>
        <source>les contacts ne s&apos;ouvrent pas avec ce fichier de clé : ce n&apos;est pas la clé de ce siège, ou la base est abîmée</source>
        <translation>the contacts do not open with this key file: it is not this headquarters' key, or the database is damaged</translation>
    </message>
    <message>
        <source>impossible d&apos;écrire %1 : %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>ce fichier de clé n&apos;est pas celui de cette base (plume-hq keys show)</source>
        <translation>this key file is not this database's key (plume-hq keys show)</translation>
    </message>
    <message>
        <source>code de bureau invalide dans l&apos;élection : 1 à 32 caractères parmi 0-9 A-Z a-z et « - »</source>
        <translation>invalid station code in the election: 1 to 32 characters among 0-9 A-Z a-z and “-”</translation>
    </message>
    <message>
        <source>trop de bureaux dans l&apos;élection</source>
        <translation>too many stations in the election</translation>
    </message>
    <message>
        <source>le bureau %1 figure deux fois</source>
        <translation>station %1 appears twice</translation>
    </message>
    <message>
        <source>le fichier d&apos;élection n&apos;est pas un objet JSON valide</source>
        <translation>the election file is not a valid JSON object</translation>
    </message>
    <message>
        <source>impossible de lire %1 : %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 est trop grand pour un fichier d&apos;élection</source>
        <translation>%1 is too large for an election file</translation>
    </message>
    <message>
        <source>impossible de créer %1 : %2</source>
        <translation>cannot create %1: %2</translation>
    </message>
    <message>
        <source>adresse PostgreSQL invalide</source>
        <translation>invalid PostgreSQL URL</translation>
    </message>
    <message>
        <source>--db attend sqlite:CHEMIN ou postgresql://…</source>
        <translation>--db expects sqlite:PATH or postgresql://…</translation>
    </message>
    <message>
        <source>impossible d&apos;ouvrir la base du siège : %1</source>
        <translation>cannot open the headquarters database: %1</translation>
    </message>
    <message>
        <source>cette base contient déjà d&apos;autres tables : ce n&apos;est pas une base plume-hq</source>
        <translation>this database already holds other tables: it is not a plume-hq database</translation>
    </message>
    <message>
        <source>la base %1 n&apos;existe pas (créez-la avec plume-hq init --db URL)</source>
        <translation>database %1 does not exist (create it with plume-hq init --db URL)</translation>
    </message>
    <message>
        <source>ce n&apos;est pas une base plume-hq (créez-en une avec plume-hq init --db URL)</source>
        <translation>this is not a plume-hq database (create one with plume-hq init --db URL)</translation>
    </message>
    <message>
        <source>ce fichier n&apos;est pas une base SQLite</source>
        <translation>this file is not an SQLite database</translation>
    </message>
    <message>
        <source>la base du siège a le schéma %1, plus récent que ce plume-hq (%2)</source>
        <translation>the headquarters database has schema %1, newer than this plume-hq (%2)</translation>
    </message>
    <message>
        <source>cette base garde des contacts en clair d&apos;une version antérieure : exportez-les avec elle, videz la table contact_batches, puis relancez</source>
        <translation>this database keeps contacts in clear from an earlier version: export them with that version, empty the contact_batches table, then run again</translation>
    </message>
    <message>
        <source>base de données indisponible, réessayez plus tard</source>
        <translation>database unavailable, try again later</translation>
    </message>
    <message>
        <source>ce siège a déjà sa clé (plume-hq keys show) : les bureaux la connaissent, elle ne se remplace pas</source>
        <translation>this headquarters already has its key (plume-hq keys show): the stations know it, it cannot be replaced</translation>
    </message>
    <message>
        <source>empreinte ou signature invalide</source>
        <translation>invalid fingerprint or signature</translation>
    </message>
    <message>
        <source>impossible de lire le certificat TLS ou sa clé</source>
        <translation>cannot read the TLS certificate or its key</translation>
    </message>
    <message>
        <source>méthode refusée</source>
        <translation>method not allowed</translation>
    </message>
    <message>
        <source>page inconnue</source>
        <translation>unknown page</translation>
    </message>
    <message>
        <source>Content-Type doit être application/json</source>
        <translation>Content-Type must be application/json</translation>
    </message>
    <message>
        <source>élection inconnue du siège</source>
        <translation>election unknown to headquarters</translation>
    </message>
    <message>
        <source>aucun PV de ce bureau</source>
        <translation>no report from this station</translation>
    </message>
    <message>
        <source>page réservée aux opérateurs du siège</source>
        <translation>page reserved for headquarters operators</translation>
    </message>
    <message>
        <source>base de données indisponible</source>
        <translation>database unavailable</translation>
    </message>
    <message>
        <source>en-têtes trop longs</source>
        <translation>headers too long</translation>
    </message>
    <message>
        <source>trop d&apos;en-têtes</source>
        <translation>too many headers</translation>
    </message>
    <message>
        <source>fin de ligne invalide</source>
        <translation>invalid line ending</translation>
    </message>
    <message>
        <source>requête HTTP invalide</source>
        <translation>invalid HTTP request</translation>
    </message>
    <message>
        <source>en-tête HTTP invalide</source>
        <translation>invalid HTTP header</translation>
    </message>
    <message>
        <source>Content-Length contradictoires</source>
        <translation>conflicting Content-Length</translation>
    </message>
    <message>
        <source>Transfer-Encoding et Content-Length ensemble</source>
        <translation>Transfer-Encoding and Content-Length together</translation>
    </message>
    <message>
        <source>seul le codage chunked est accepté</source>
        <translation>only chunked encoding is accepted</translation>
    </message>
    <message>
        <source>Content-Length invalide</source>
        <translation>invalid Content-Length</translation>
    </message>
    <message>
        <source>corps de plus de %1 octets</source>
        <translation>body larger than %1 bytes</translation>
    </message>
    <message>
        <source>codage chunked invalide</source>
        <translation>invalid chunked encoding</translation>
    </message>
    <message>
        <source>ce n&apos;est pas un fichier hors ligne Plume (%1)</source>
        <translation>not a Plume offline file (%1)</translation>
    </message>
    <message>
        <source>ce fichier a été chiffré pour la clé d&apos;un autre siège</source>
        <translation>this file was encrypted to another headquarters' key</translation>
    </message>
    <message>
        <source>le fichier ne se déchiffre pas : abîmé ou pas pour cette clé</source>
        <translation>the file does not decrypt: damaged or not for this key</translation>
    </message>
    <message>
        <source>le contenu déchiffré n&apos;est pas une liste d&apos;envois</source>
        <translation>the decrypted content is not a list of submissions</translation>
    </message>
    <message>
        <source>envoi de plus de %1 octets</source>
        <translation>submission larger than %1 bytes</translation>
    </message>
    <message>
        <source>un envoi n&apos;est pas en base64</source>
        <translation>a submission is not base64</translation>
    </message>
    <message>
        <source>un total dépasse 64 bits : envoi non enregistré</source>
        <translation>a total exceeds 64 bits: submission not recorded</translation>
    </message>
    <message>
        <source>cet envoi est déjà enregistré avec un autre contenu, ou cette version du bureau l&apos;est sous un autre identifiant</source>
        <translation>this submission is already recorded with other content, or this station version is recorded under another identifier</translation>
    </message>
    <message>
        <source>la clé du siège manque : plume-hq keys init</source>
        <translation>headquarters' key is missing: plume-hq keys init</translation>
    </message>
    <message>
        <source>stockage indisponible, réessayez plus tard</source>
        <translation>storage unavailable, try again later</translation>
    </message>
    <message>
        <source>la version précédente du PV manque ou diffère (previous_sha256) : elle doit arriver d&apos;abord</source>
        <translation>the previous version of the report is missing or differs (previous_sha256): it must arrive first</translation>
    </message>
    <message>
        <source>une correction reste dans l&apos;élection de la version qu&apos;elle corrige</source>
        <translation>a correction stays in the election of the version it corrects</translation>
    </message>
    <message>
        <source>impossible de lire la clé du siège %1 : %2 (créez-la avec plume-hq keys init)</source>
        <translation>cannot read headquarters' key %1: %2 (create it with plume-hq keys init)</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier de clé plume-hq</source>
        <translation>%1 is not a plume-hq key file</translation>
    </message>
    <message>
        <source>Utilisation : plume-hq &lt;commande&gt; [options]   (plume-hq &lt;commande&gt; --help pour le détail)</source>
        <translation>Usage: plume-hq &lt;command&gt; [options]   (plume-hq &lt;command&gt; --help for details)</translation>
    </message>
    <message>
        <source>URL : sqlite:CHEMIN ou postgresql://user:pass@host:port/db[?host=DOSSIER] ; --db vaut par défaut $PLUME_HQ_DB, --key-file $PLUME_HQ_KEY_FILE, sinon &lt;chemin sqlite&gt;.key.</source>
        <translation>URL: sqlite:PATH or postgresql://user:pass@host:port/db[?host=DIR]; --db defaults to $PLUME_HQ_DB, --key-file to $PLUME_HQ_KEY_FILE, else &lt;sqlite path&gt;.key.</translation>
    </message>
    <message>
        <source>Inscrits</source>
        <translation>Registered voters</translation>
    </message>
    <message>
        <source>Votants</source>
        <translation>Voters</translation>
    </message>
    <message>
        <source>Enveloppes</source>
        <translation>Envelopes</translation>
    </message>
    <message>
        <source>Blancs</source>
        <translation>Blank</translation>
    </message>
    <message>
        <source>Nuls</source>
        <translation>Spoilt</translation>
    </message>
    <message>
        <source>Exprimés</source>
        <translation>Valid votes</translation>
    </message>
    <message>
        <source>Totaux</source>
        <translation>Totals</translation>
    </message>
    <message>
        <source>Voix par candidat</source>
        <translation>Votes per candidate</translation>
    </message>
    <message>
        <source>encre tardive</source>
        <translation>late ink</translation>
    </message>
    <message>
        <source>Bureaux signalés</source>
        <translation>Flagged stations</translation>
    </message>
    <message>
        <source>Bureau</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Règles</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>Observations</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>Corrections tardives</source>
        <translation>Late corrections</translation>
    </message>
    <message>
        <source>Reçue</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Motif</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Clés de bureau remplacées ou révoquées</source>
        <translation>Station keys replaced or revoked</translation>
    </message>
    <message>
        <source>Changement</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>révoquée</source>
        <translation>revoked</translation>
    </message>
    <message>
        <source>remplacée</source>
        <translation>replaced</translation>
    </message>
    <message>
        <source>(sans encre)</source>
        <translation>(no ink)</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>version</source>
        <translation>version</translation>
    </message>
    <message>
        <source>Plume — résultats</source>
        <translation>Plume — results</translation>
    </message>
    <message>
        <source>Résultats consolidés</source>
        <translation>Consolidated results</translation>
    </message>
    <message>
        <source>&lt;p&gt;Bureaux ayant remonté leur PV : &lt;b&gt;%1&lt;/b&gt; sur %2 (%3 %)&lt;/p&gt;</source>
        <translation>&lt;p&gt;Stations that have sent their report: &lt;b&gt;%1&lt;/b&gt; of %2 (%3%)&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;small&gt;Mis à jour %1 — &lt;a href=&quot;/api/v1/results&quot;&gt;JSON&lt;/a&gt;, &lt;a href=&quot;/api/v1/results/stations&quot;&gt;résultats par bureau&lt;/a&gt;&lt;/small&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;small&gt;Updated %1 — &lt;a href="/api/v1/results"&gt;JSON&lt;/a&gt;, &lt;a href="/api/v1/results/stations"&gt;results by station&lt;/a&gt;&lt;/small&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Plume — bureau %1</source>
        <translation>Plume — station %1</translation>
    </message>
    <message>
        <source>Bureau %1</source>
        <translation>Station %1</translation>
    </message>
    <message>
        <source>PV manuscrit, version</source>
        <translation>Handwritten report, version</translation>
    </message>
    <message>
        <source>Champ</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Décision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Écriture</source>
        <translation>Handwriting</translation>
    </message>
    <message>
        <source>Bureau signalé : %1</source>
        <translation>Station flagged: %1</translation>
    </message>
    <message>
        <source>&lt;h1&gt;Aucune élection&lt;/h1&gt;&lt;p&gt;Ajoutez-la avec plume-hq elections add.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;No election&lt;/h1&gt;&lt;p&gt;Add it with plume-hq elections add.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>un total dépasse 64 bits : résultats refusés</source>
        <translation>a total exceeds 64 bits: results refused</translation>
    </message>
    <message>
        <source>un total est négatif : résultats refusés</source>
        <translation>a total is negative: results refused</translation>
    </message>
    <message>
        <source>élection inconnue : %1</source>
        <translation>unknown election: %1</translation>
    </message>
    <message>
        <source>Adresse et port, port 0 = un port libre (par défaut $PLUME_HQ_LISTEN, sinon 127.0.0.1:8443).</source>
        <translation>Address and port; port 0 = any free port (default $PLUME_HQ_LISTEN, else 127.0.0.1:8443).</translation>
    </message>
    <message>
        <source>Fichier du jeton des opérateurs (bearer, ou mot de passe de la fenêtre de connexion du navigateur) ; par défaut $PLUME_HQ_OPERATOR_TOKEN_FILE. Sans lui, les textes libres et les pages des bureaux ne sont montrés à personne.</source>
        <translation>Operators' token file (bearer, or the password of the browser's login window); default $PLUME_HQ_OPERATOR_TOKEN_FILE. Without it, free texts and station pages are shown to no one.</translation>
    </message>
    <message>
        <source>Certificat PEM.</source>
        <translation>PEM certificate.</translation>
    </message>
    <message>
        <source>Clé privée PEM.</source>
        <translation>PEM private key.</translation>
    </message>
    <message>
        <source>Plus grand corps de requête accepté, en octets.</source>
        <translation>Largest request body accepted, in bytes.</translation>
    </message>
    <message>
        <source>full : fsync à chaque validation groupée (résiste à une coupure de courant) ; process : résiste à un plantage ou à l&apos;arrêt forcé de plume-hq, pas à une coupure de courant (plus rapide).</source>
        <translation>full: fsync at each group commit (survives a power cut); process: survives a crash or a forced stop of plume-hq, not a power cut (faster).</translation>
    </message>
    <message>
        <source>Connexions simultanées (en tout).</source>
        <translation>Concurrent connections (in all).</translation>
    </message>
    <message>
        <source>Connexions simultanées depuis une même adresse.</source>
        <translation>Concurrent connections from one address.</translation>
    </message>
    <message>
        <source>Secondes pour envoyer les en-têtes de la requête.</source>
        <translation>Seconds to send the request headers.</translation>
    </message>
    <message>
        <source>Secondes d&apos;inactivité permises à une connexion maintenue.</source>
        <translation>Seconds a kept-alive connection may stay idle.</translation>
    </message>
    <message>
        <source>Pas de journal d&apos;accès (une ligne par requête sur stderr).</source>
        <translation>No access log (one line per request on stderr).</translation>
    </message>
    <message>
        <source>le jeton des opérateurs doit faire au moins 16 caractères</source>
        <translation>the operators' token must be at least 16 characters</translation>
    </message>
    <message>
        <source>impossible d&apos;écouter sur %1, port %2 : le port est peut-être déjà pris (un autre plume-hq ?) ou réservé ; choisissez-en un autre avec --listen ADRESSE:PORT</source>
        <translation>cannot listen on %1, port %2: the port may already be taken (another plume-hq?) or reserved; choose another with --listen ADDRESS:PORT</translation>
    </message>
    <message>
        <source>Sert l&apos;API des envois et les résultats.</source>
        <translation>Serve the submissions API and the results.</translation>
    </message>
    <message>
        <source>--listen attend HOTE:PORT avec une adresse numérique</source>
        <translation>--listen expects HOST:PORT with a numeric address</translation>
    </message>
    <message>
        <source>--tls-cert et --tls-key vont ensemble</source>
        <translation>--tls-cert and --tls-key go together</translation>
    </message>
    <message>
        <source>valeur invalide : --max-body &gt;= 1024, --durability full|process, nombres positifs pour les connexions et délais</source>
        <translation>invalid value: --max-body &gt;= 1024, --durability full|process, positive numbers for connections and timeouts</translation>
    </message>
    <message>
        <source>l&apos;élection %1 est déjà connue avec un autre contenu : une élection ne change pas une fois les bureaux en route</source>
        <translation>election %1 is already known with other content: an election does not change once the stations are under way</translation>
    </message>
    <message>
        <source>code de bureau invalide : 1 à 32 caractères parmi 0-9 A-Z a-z et « - »</source>
        <translation>invalid station code: 1 to 32 characters among 0-9 A-Z a-z and '-'</translation>
    </message>
    <message>
        <source>la clé publique doit faire 32 octets (base64 d&apos;une clé Ed25519, donnée par plumectl station pubkey)</source>
        <translation>the public key must be 32 bytes (base64 of an Ed25519 key, given by plumectl station pubkey)</translation>
    </message>
    <message>
        <source>le bureau %1 est déjà inscrit avec une autre clé (ou révoqué) : --replace pour la remplacer</source>
        <translation>station %1 is already enrolled with another key (or revoked): --replace to replace it</translation>
    </message>
    <message>
        <source>le bureau %1 n&apos;est pas inscrit, ou déjà révoqué</source>
        <translation>station %1 is not enrolled, or already revoked</translation>
    </message>
    <message>
        <source>bureau inconnu du siège</source>
        <translation>station unknown to headquarters</translation>
    </message>
    <message>
        <source>la clé de ce bureau a été révoquée</source>
        <translation>this station's key has been revoked</translation>
    </message>
    <message>
        <source>clé manquante : %1</source>
        <translation>missing key: %1</translation>
    </message>
    <message>
        <source>clé inconnue dans %1</source>
        <translation>unknown key in %1</translation>
    </message>
    <message>
        <source>%1 doit être un texte de %2 à %3 caractères</source>
        <translation>%1 must be text of %2 to %3 characters</translation>
    </message>
    <message>
        <source>%1 doit être un entier entre %2 et %3</source>
        <translation>%1 must be an integer between %2 and %3</translation>
    </message>
    <message>
        <source>%1 doit valoir true ou false</source>
        <translation>%1 must be true or false</translation>
    </message>
    <message>
        <source>%1 doit être une date ISO 8601 en UTC</source>
        <translation>%1 must be an ISO 8601 date in UTC</translation>
    </message>
    <message>
        <source>%1 doit être 64 chiffres hexadécimaux</source>
        <translation>%1 must be 64 hex digits</translation>
    </message>
    <message>
        <source>%1 doit être une liste de %2 à %3 éléments</source>
        <translation>%1 must be a list of %2 to %3 items</translation>
    </message>
    <message>
        <source>%1 doit être un objet</source>
        <translation>%1 must be an object</translation>
    </message>
    <message>
        <source>le type du document n&apos;est pas le type signé de l&apos;envoi</source>
        <translation>the document's type is not the signed type of the submission</translation>
    </message>
    <message>
        <source>la version du document n&apos;est pas la version signée</source>
        <translation>the document's version is not the signed version</translation>
    </message>
    <message>
        <source>une version 1 n&apos;a ni previous_sha256 ni correction_reason</source>
        <translation>a version 1 has neither previous_sha256 nor correction_reason</translation>
    </message>
    <message>
        <source>une correction après le scellé (version &gt; 1) demande une raison (correction_reason) d&apos;au moins %1 caractères et au moins %2 membres du bureau distincts</source>
        <translation>a correction after sealing (version &gt; 1) needs a reason (correction_reason) of at least %1 characters and at least %2 distinct station officials</translation>
    </message>
    <message>
        <source>le siège ne connaît pas cette élection (plume-hq elections add)</source>
        <translation>headquarters does not know this election (plume-hq elections add)</translation>
    </message>
    <message>
        <source>le bureau du document n&apos;est pas le bureau qui a signé l&apos;envoi</source>
        <translation>the document's station is not the station that signed the submission</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un candidat de l&apos;élection</source>
        <translation>%1 is not a candidate in the election</translation>
    </message>
    <message>
        <source>candidates doit être une liste</source>
        <translation>candidates must be a list</translation>
    </message>
    <message>
        <source>%1 : ce candidat figure déjà dans la liste</source>
        <translation>%1: this candidate is already in the list</translation>
    </message>
    <message>
        <source>un candidat de l&apos;élection manque</source>
        <translation>a candidate of the election is missing</translation>
    </message>
    <message>
        <source>checks : règle ou nature inconnue</source>
        <translation>checks: unknown rule or kind</translation>
    </message>
    <message>
        <source>un PV scellé ne peut pas enfreindre une règle impossible</source>
        <translation>a sealed report cannot break an impossible rule</translation>
    </message>
    <message>
        <source>un trait doit avoir de 0 à %1 points (x, y, dt)</source>
        <translation>a stroke must have 0 to %1 points (x, y, dt)</translation>
    </message>
    <message>
        <source>plus de %1 points d&apos;encre dans le PV</source>
        <translation>more than %1 ink points in the report</translation>
    </message>
    <message>
        <source>late_ink ne correspond pas aux traits tardifs</source>
        <translation>late_ink does not match the late strokes</translation>
    </message>
    <message>
        <source>fields.*.source : confirmed, corrected ou typed</source>
        <translation>fields.*.source: confirmed, corrected or typed</translation>
    </message>
    <message>
        <source>la valeur du champ %1 n&apos;est pas celle du compte</source>
        <translation>the value of field %1 does not match the count</translation>
    </message>
    <message>
        <source>champ manquant : fields.%1</source>
        <translation>missing field: fields.%1</translation>
    </message>
    <message>
        <source>trop de champs dans fields</source>
        <translation>too many fields in fields</translation>
    </message>
    <message>
        <source>%1 Une règle à expliquer demande des observations d&apos;au moins %2 caractères et au moins %3 membres du bureau.</source>
        <translation>%1 A rule to explain needs remarks of at least %2 characters and at least %3 station officials.</translation>
    </message>
    <message>
        <source>la somme des voix dépasse 64 bits</source>
        <translation>the sum of the votes exceeds 64 bits</translation>
    </message>
    <message>
        <source>contacts[].sheet doit être contact-N</source>
        <translation>contacts[].sheet must be contact-N</translation>
    </message>
    <message>
        <source>une fiche contact figure deux fois dans le même lot</source>
        <translation>a contact sheet appears twice in the same batch</translation>
    </message>
    <message>
        <source>un champ n&apos;appartient pas à la fiche contact</source>
        <translation>a field does not belong to the contact sheet</translation>
    </message>
    <message>
        <source>une fiche sans consentement ne quitte jamais le bureau</source>
        <translation>a sheet without consent never leaves the station</translation>
    </message>
    <message>
        <source>le numéro de lot n&apos;est pas la version signée</source>
        <translation>the batch number is not the signed version</translation>
    </message>
    <message>
        <source>Transfer-Encoding invalide</source>
        <translation>invalid Transfer-Encoding</translation>
    </message>
    <message>
        <source>un trait commencé après la décision du champ (decided_at) doit être marqué late</source>
        <translation>a stroke started after the field's decision (decided_at) must be marked late</translation>
    </message>
    <message>
        <source>fields.*.ink : first_at est après last_at</source>
        <translation>fields.*.ink: first_at is after last_at</translation>
    </message>
    <message>
        <source>règle code_bureau : le code écrit dans le champ code_bureau n&apos;est pas celui du bureau qui a signé l&apos;envoi</source>
        <translation>rule code_bureau: the code written in field code_bureau is not that of the station that signed the submission</translation>
    </message>
    <message>
        <source>règle %1 : valeur refusée dans le champ %2</source>
        <translation>rule %1: value refused in field %2</translation>
    </message>
    <message>
        <source>%1 dépasse le nombre d&apos;inscrits du bureau dans l&apos;élection (accepté seulement jusqu&apos;à %4 de plus, avec la règle %2 ou %3 expliquée dans le PV)</source>
        <translation>%1 is above the station's registered voters in the election (accepted only up to %4 more, with rule %2 or %3 explained in the report)</translation>
    </message>
    <message>
        <source>plus de %1 octets</source>
        <translation>more than %1 bytes</translation>
    </message>
    <message>
        <source>pas un objet JSON</source>
        <translation>not a JSON object</translation>
    </message>
    <message>
        <source>fichier de plus de %1 octets : un fichier hors ligne n&apos;en porte pas tant (limites des envois HTTP)</source>
        <translation>file of more than %1 bytes: an offline file never carries that much (the limits of HTTP submissions)</translation>
    </message>
    <message>
        <source>fichier vide</source>
        <translation>empty file</translation>
    </message>
    <message>
        <source>le fichier se dit du bureau « %1 », son contenu chiffré du bureau « %2 » : refusé, rien n&apos;est enregistré</source>
        <translation>the file says it comes from station “%1”, its encrypted content from station “%2”: refused, nothing stored</translation>
    </message>
    <message>
        <source>le fichier se dit du bureau « %1 » mais porte un envoi signé par le bureau « %2 » (%3) : refusé, rien n&apos;est enregistré</source>
        <translation>the file says it comes from station “%1” but carries a submission signed by station “%2” (%3): refused, nothing stored</translation>
    </message>
    <message>
        <source>--election FICHIER.json est obligatoire</source>
        <translation>--election FILE.json is required</translation>
    </message>
    <message>
        <source>--public-key doit être le base64 d&apos;une clé Ed25519 de 32 octets (plumectl station pubkey, au bureau)</source>
        <translation>--public-key must be the base64 of a 32-byte Ed25519 key (plumectl station pubkey, at the station)</translation>
    </message>
    <message>
        <source>commande inconnue « %1 »</source>
        <translation>unknown command '%1'</translation>
    </message>
    <message>
        <source>attention : HTTP simple sur une adresse qui n&apos;est pas locale ; les bureaux le refuseront (donnez --tls-cert et --tls-key)</source>
        <translation>warning: plain HTTP on a non-loopback address; stations will refuse it (give --tls-cert and --tls-key)</translation>
    </message>
    <message>
        <source>le bureau que nomme le fichier n&apos;est pas un code de bureau (1 à 32 lettres, chiffres ou « - ») : refusé, rien n&apos;est enregistré</source>
        <translation>the station the file names is not a station code (1 to 32 letters, digits or '-'): refused, nothing is stored</translation>
    </message>
    <message>
        <source>ce bureau est inscrit dans l&apos;élection %1, pas dans l&apos;élection %2</source>
        <translation>this station is listed in election %1, not in election %2</translation>
    </message>
    <message>
        <source>plus de %1 versions du PV d&apos;un bureau : une autre correction se fait avec le siège, hors de Plume</source>
        <translation>more than %1 versions of one station's report: another correction is made with headquarters, outside Plume</translation>
    </message>
    <message>
        <source>ce bureau n&apos;est pas inscrit dans l&apos;élection %1</source>
        <translation>this station is not listed in election %1</translation>
    </message>
    <message>
        <source>ce siège a déjà une autre clé (plume-hq keys show) : les bureaux la connaissent, %1 ne la remplace pas</source>
        <translation>this headquarters already has another key (plume-hq keys show): the stations know it, %1 does not replace it</translation>
    </message>
    <message>
        <source>ce siège n&apos;a pas encore de clé : plume-hq keys init (ou keys adopt, pour garder le fichier de clé d&apos;une base précédente)</source>
        <translation>this headquarters has no key yet: plume-hq keys init (or keys adopt, to keep the key file of an earlier database)</translation>
    </message>
    <message>
        <source>Reprend le fichier de clé existant du siège dans une base qui n&apos;a pas encore de clé (une nouvelle base pour un autre tour : les bureaux connaissent déjà la clé) ; écrit la clé publique en dernière ligne.</source>
        <translation>Adopt headquarters' existing key file in a database that has no key yet (a new database for another round: the stations already know the key); print the public key as the last line.</translation>
    </message>
    <message>
        <source>le fichier de clé n&apos;est pas celui de cette base (plume-hq keys init / keys adopt / keys show)</source>
        <translation>the key file does not belong to this database (plume-hq keys init / keys adopt / keys show)</translation>
    </message>
    <message>
        <source>%1 existe déjà : le siège garde sa clé (les bureaux la connaissent) ; une nouvelle base la reprend avec plume-hq keys adopt</source>
        <translation>%1 already exists: headquarters keeps its key (the stations know it); a new database adopts it with plume-hq keys adopt</translation>
    </message>
    <message>
        <source>--days N (jours)</source>
        <translation>--days N (days)</translation>
    </message>
    <message>
        <source>donnez au moins un FICHIER.plume (et 1024 &lt;= --max-body &lt;= 1073741824)</source>
        <translation>give at least one FILE.plume (and 1024 &lt;= --max-body &lt;= 1073741824)</translation>
    </message>
    <message>
        <source>« stations » doit être une liste de bureaux</source>
        <translation>“stations” must be a list of stations</translation>
    </message>
    <message>
        <source>le certificat TLS ou sa clé n&apos;est pas un PEM valide (clés EC ou RSA seulement)</source>
        <translation>the TLS certificate or its key is not valid PEM (EC or RSA keys only)</translation>
    </message>
    <message>
        <source>Pourquoi ce PV est retiré (%1 caractères au moins), gardé avec lui.</source>
        <translation>Why this PV is withdrawn (at least %1 characters), kept with it.</translation>
    </message>
    <message>
        <source>Retire des résultats la chaîne de PV d&apos;un bureau dont la clé a été volée (après stations revoke ou stations add --replace) : ses versions sont gardées à part, refusées si elles reviennent, et le bureau peut renvoyer son PV en version 1.</source>
        <translation>Withdraws from the results the PV chain of a station whose key was stolen (after stations revoke or stations add --replace): its versions are kept aside, refused if they come again, and the station may send its PV again as version 1.</translation>
    </message>
    <message>
        <source>ce PV a été retiré des résultats par le siège (clé volée) : il ne peut plus être reçu</source>
        <translation>headquarters withdrew this PV from the results (stolen key): it can no longer be received</translation>
    </message>
    <message>
        <source>PV retirés des résultats par le siège</source>
        <translation>PVs withdrawn from the results by headquarters</translation>
    </message>
    <message>
        <source>Retiré</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>--reason : dites pourquoi le PV est retiré, en %1 à %2 caractères</source>
        <translation>--reason: say why the PV is withdrawn, in %1 to %2 characters</translation>
    </message>
    <message>
        <source>le siège n&apos;a reçu aucun PV du bureau %1</source>
        <translation>headquarters has received no PV from station %1</translation>
    </message>
    <message>
        <source>la clé qui a signé le PV du bureau %1 est toujours inscrite : révoquez-la d&apos;abord (plume-hq stations revoke, ou stations add --replace avec une nouvelle clé du bureau), sinon qui détient la clé volée enverra un autre PV</source>
        <translation>the key that signed the PV of station %1 is still enrolled: revoke it first (plume-hq stations revoke, or stations add --replace with a new key of the station), or whoever holds the stolen key will send another PV</translation>
    </message>
    <message>
        <source>Retire les versions à partir de N seulement (une correction volée par-dessus les versions du bureau) ; la version N-1 compte de nouveau. Par défaut : 1, toute la chaîne.</source>
        <translation>Withdraws only the versions from N on (a stolen correction on top of the station's versions); version N-1 counts again. Default: 1, the whole chain.</translation>
    </message>
    <message>
        <source>--from-version N : un numéro de version, 1 ou plus</source>
        <translation>--from-version N: a version number, 1 or more</translation>
    </message>
    <message>
        <source>le bureau %1 n&apos;a pas de version %2 à retirer (sa dernière version reçue est la %3)</source>
        <translation>station %1 has no version %2 to withdraw (its latest version received is %3)</translation>
    </message>
    <message>
        <source>--%1 ne sert pas à « plume-hq %2 »</source>
        <translation>--%1 does not apply to “plume-hq %2”</translation>
    </message>
    <message>
        <source>Écrit les accusés de réception signés des envois reçus, à rapporter au bureau (plumectl outbox receipts) : il les marque livrés et efface les contacts.</source>
        <translation>Write the signed receipts of the submissions received, to take back to the station (plumectl outbox receipts): it marks them delivered and erases the contacts.</translation>
    </message>
    <message>
        <source>%1 existe déjà : plume-hq n&apos;écrit les accusés de réception que dans un fichier nouveau (réimporter les mêmes fichiers les redonne). Choisissez un autre nom.</source>
        <translation>%1 already exists: plume-hq writes receipts to a new file only (importing the same files again gives them again). Choose another name.</translation>
    </message>
    <message>
        <source> Rien n&apos;a été reçu.</source>
        <translation> Nothing was received.</translation>
    </message>
    <message>
        <source>la base du siège ne prend pas d&apos;écriture : %1 (une autre commande ou un autre programme la tient peut-être ; réessayez)</source>
        <translation>the headquarters database takes no write: %1 (another command or program may be holding it; try again)</translation>
    </message>
    <message>
        <source>raison inconnue</source>
        <translation>unknown reason</translation>
    </message>
    <message>
        <source>le certificat TLS et sa clé ne vont pas ensemble : une connexion TLS à lui-même échoue (%1)</source>
        <translation>the TLS certificate and its key do not belong together: a TLS connection to itself fails (%1)</translation>
    </message>
    <message>
        <source>le dossier de %1 n&apos;existe pas : rien n&apos;a été reçu.</source>
        <translation>the folder of %1 does not exist: nothing was received.</translation>
    </message>
    <message>
        <source>attention : %1 est une clé secrète lisible par tous les utilisateurs de cette machine (chmod o-r %1)</source>
        <translation>warning: %1 is a secret key readable by every user of this machine (chmod o-r %1)</translation>
    </message>
    <message>
        <source>attention : le certificat TLS a expiré le %1 ; les bureaux qui le vérifient par une autorité (station set-hq --ca-file) le refusent</source>
        <translation>warning: the TLS certificate expired on %1; stations that check it through a CA (station set-hq --ca-file) refuse it</translation>
    </message>
    <message>
        <source>attention : le certificat TLS n&apos;est valable qu&apos;à partir du %1 ; les bureaux qui le vérifient par une autorité (station set-hq --ca-file) le refusent</source>
        <translation>warning: the TLS certificate is valid only from %1; stations that check it through a CA (station set-hq --ca-file) refuse it</translation>
    </message>
    <message>
        <source>attention : le certificat TLS expire le %1</source>
        <translation>warning: the TLS certificate expires on %1</translation>
    </message>
    <message>
        <source>bureau inconnu de cette élection</source>
        <translation>station unknown to this election</translation>
    </message>
    <message>
        <source>&lt;p&gt;Aucun PV de ce bureau ne compte.&lt;/p&gt;</source>
        <translation>&lt;p&gt;No PV of this station counts.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Aucun PV reçu de ce bureau.&lt;/p&gt;</source>
        <translation>&lt;p&gt;No PV received from this station.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 contient un caractère nul</source>
        <translation>%1 holds a NUL character</translation>
    </message>
    <message>
        <source>fields contient un champ qui n&apos;est pas un champ du PV de cette élection</source>
        <translation>fields holds a field that is not a field of this election's PV</translation>
    </message>
    <message>
        <source>bureau %1 : « inscrits » doit être un entier entre 0 et %2</source>
        <translation>station %1: 'inscrits' must be a whole number from 0 to %2</translation>
    </message>
    <message>
        <source>trop d&apos;envois refusés depuis cette adresse : réessayez plus tard</source>
        <translation>too many submissions refused from this address: try again later</translation>
    </message>
    <message>
        <source>attention : PostgreSQL peut écrire dans son journal les instructions de plume-hq avec leurs valeurs, contacts scellés compris, qu&apos;une purge n&apos;y efface pas (%1) ; en superutilisateur : %2</source>
        <translation>warning: PostgreSQL may write plume-hq's statements with their values to its log, sealed contacts included, where a purge does not erase them (%1); as a superuser: %2</translation>
    </message>
    <message>
        <source>une valeur de contact commence par une lettre ou un chiffre et ne contient aucun caractère de contrôle</source>
        <translation>a contact value starts with a letter or a digit and holds no control character</translation>
    </message>
    <message>
        <source>--reason ne doit nommer ni la personne ni ses coordonnées : le journal des effacements n&apos;en garde aucune. Rien n&apos;a été effacé.</source>
        <translation>--reason must name neither the person nor their contact details: the erasure log keeps none. Nothing was erased.</translation>
    </message>
    <message>
        <source>--reason : %1 caractères au plus</source>
        <translation>--reason: at most %1 characters</translation>
    </message>
    <message>
        <source>--email : une adresse de courriel (nom@domaine)</source>
        <translation>--email: an e-mail address (name@domain)</translation>
    </message>
    <message>
        <source>dites qui effacer : --station CODE --sheet contact-N, ou --email ADRESSE</source>
        <translation>say whom to erase: --station CODE --sheet contact-N, or --email ADDRESS</translation>
    </message>
    <message>
        <source>--sheet : contact-N, le numéro de la fiche</source>
        <translation>--sheet: contact-N, the sheet's number</translation>
    </message>
    <message>
        <source>aucune fiche de contact gardée au siège ne correspond (%1) : rien n&apos;a été effacé</source>
        <translation>no contact sheet kept at headquarters matches (%1): nothing was erased</translation>
    </message>
    <message>
        <source>bureau %1, %2</source>
        <translation>station %1, %2</translation>
    </message>
    <message>
        <source>ce courriel</source>
        <translation>this e-mail</translation>
    </message>
    <message>
        <source>Le lot %1 du bureau %2 ne garde plus aucun contact : il est vidé comme par une purge.</source>
        <translation>Batch %1 of station %2 keeps no contact any more: it is emptied as a purge empties one.</translation>
    </message>
    <message>
        <source>La signature du bureau ne couvre plus un lot ainsi modifié : le siège ne la garde pas, et l&apos;export marque ses autres contacts (batch_edited_at).</source>
        <translation>The station's signature no longer covers a batch changed this way: headquarters does not keep it, and the export marks its other contacts (batch_edited_at).</translation>
    </message>
    <message>
        <source>bureau %1, %2, lot %3</source>
        <translation>station %1, %2, batch %3</translation>
    </message>
    <message numerus="yes">
        <source>%n fiche(s) de contact effacée(s) au siège (%1) ; le journal des effacements garde le bureau, la fiche, le lot et la raison, jamais le nom ni le courriel.</source>
        <translation><numerusform>%n contact sheet erased at headquarters (%1); the erasure log keeps the station, the sheet, the batch and the reason, never the name or the e-mail.</numerusform><numerusform>%n contact sheets erased at headquarters (%1); the erasure log keeps the station, the sheet, the batch and the reason, never the name or the e-mail.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Ce courriel figurait sur %n fiches : toutes sont effacées.</source>
        <translation><numerusform>This e-mail was on %n sheet: it is erased.</numerusform><numerusform>This e-mail was on %n sheets: all are erased.</numerusform></translation>
    </message>
    <message>
        <source>Bureau de la fiche (avec --sheet).</source>
        <translation>Station of the sheet (with --sheet).</translation>
    </message>
    <message>
        <source>Fiche à effacer, contact-N (avec --station).</source>
        <translation>Sheet to erase, contact-N (with --station).</translation>
    </message>
    <message>
        <source>Efface toute fiche portant ce courriel (sans tenir compte des majuscules).</source>
        <translation>Erases every sheet bearing this e-mail (case ignored).</translation>
    </message>
    <message>
        <source>Pourquoi (gardé au journal des effacements ; sans nom ni coordonnées).</source>
        <translation>Why (kept in the erasure log; no name or contact details).</translation>
    </message>
    <message>
        <source>Efface au siège la fiche d&apos;un électeur qui retire son consentement après la remise de son lot : le lot est déchiffré avec le fichier de clé, rescellé sans elle, et l&apos;effacement est noté sans nom ni courriel.</source>
        <translation>Erases at headquarters the sheet of a voter who withdraws consent after their batch was delivered: the batch is opened with the key file, sealed again without it, and the erasure is logged without name or e-mail.</translation>
    </message>
    <message>
        <source>le bureau %1 n&apos;est pas inscrit au siège : rien n&apos;a été effacé</source>
        <translation>station %1 is not registered at headquarters: nothing was erased</translation>
    </message>
    <message>
        <source>--email, ou bien --station et --sheet (et --batch) : pas les deux</source>
        <translation>--email, or else --station and --sheet (and --batch): not both</translation>
    </message>
    <message>
        <source>--batch N : le numéro du lot que le bureau a donné (1, 2, …)</source>
        <translation>--batch N: the batch number the station gave (1, 2, …)</translation>
    </message>
    <message numerus="yes">
        <source> ; %n lot(s) déjà purgé(s) après export (exporté(s) pour la première fois le %1) ne se cherche(nt) plus : si la fiche y était, seuls les exports faits depuis cette date la gardent, et qui les détient doit l&apos;y effacer</source>
        <translation><numerusform>; %n batch already purged after export (first exported on %1) can no longer be searched: if the sheet was in it, only the exports made since that date keep it, and whoever holds them must erase it there</numerusform><numerusform>; %n batches already purged after export (first exported on %1) can no longer be searched: if the sheet was in them, only the exports made since that date keep it, and whoever holds them must erase it there</numerusform></translation>
    </message>
    <message>
        <source>attention : l&apos;export de contacts du %1, et chaque export fait depuis, contient encore la fiche %2 du bureau %3 : le siège a effacé sa copie, mais qui détient ces fichiers doit l&apos;y effacer lui-même.</source>
        <translation>warning: the contacts export of %1, and every export made since, still holds sheet %2 of station %3: headquarters erased its copy, but whoever holds those files must erase it there themselves.</translation>
    </message>
    <message>
        <source>Lot qui contient la fiche, comme le bureau le dit : s&apos;il n&apos;est pas encore arrivé, l&apos;effacement s&apos;appliquera à son arrivée.</source>
        <translation>Batch that holds the sheet, as the station says: if it has not arrived yet, the erasure will be applied when it arrives.</translation>
    </message>
    <message>
        <source>Le lot %1 du bureau %2 n&apos;est pas encore arrivé au siège : l&apos;effacement de la fiche %3 est enregistré et s&apos;appliquera à son arrivée, avant qu&apos;il soit gardé (le journal des effacements le dira). S&apos;il arrive dans un fichier hors ligne, ce fichier la contient encore : détruisez-le après l&apos;import.</source>
        <translation>Batch %1 of station %2 has not reached headquarters yet: the erasure of sheet %3 is recorded and will be applied when it arrives, before it is kept (the erasure log will say so). If it comes in an offline file, that file still holds the sheet: destroy it after the import.</translation>
    </message>
    <message>
        <source>La fiche %1 du bureau %2 a déjà été effacée à l&apos;arrivée du lot %3 (%4) : il n&apos;y a plus rien à effacer.</source>
        <translation>Sheet %1 of station %2 was already erased when batch %3 arrived (%4): there is nothing left to erase.</translation>
    </message>
    <message>
        <source>Liste les effacements qui attendent leur lot (contacts erase --batch N avant son arrivée).</source>
        <translation>Lists the erasures waiting for their batch (contacts erase --batch N before it arrived).</translation>
    </message>
    <message>
        <source>bureau %1, fiche contact-%2, lot %3 : effacement demandé le %4, en attente du lot</source>
        <translation>station %1, sheet contact-%2, batch %3: erasure asked on %4, waiting for the batch</translation>
    </message>
    <message>
        <source>cette clé a signé un PV retiré du bureau %1 (pv withdraw) : elle est tenue pour volée ; le bureau en fait une nouvelle (plumectl station rekey)</source>
        <translation>this key signed a withdrawn PV of station %1 (pv withdraw): it is held to be stolen; the station makes a new one (plumectl station rekey)</translation>
    </message>
    <message>
        <source>cette clé est celle du bureau %1 (inscrit avec elle, ou qui a signé un PV avec elle) : chaque bureau a sa propre clé (plumectl station pubkey sur son portable) ; une erreur de saisie se défait en révoquant %1 (stations revoke)</source>
        <translation>this key is station %1's (enrolled with it, or which signed a PV with it): each station has its own key (plumectl station pubkey on its laptop); a typing slip is undone by revoking %1 (stations revoke)</translation>
    </message>
</context>
<context>
    <name>I18n</name>
    <message>
        <source>Affiche cette aide.</source>
        <translation>Displays this help.</translation>
    </message>
</context>
<context>
    <name>Ink</name>
    <message>
        <source>point de trace avec moins de deux valeurs</source>
        <translation>trace point with fewer than two values</translation>
    </message>
    <message>
        <source>point de trace avec une valeur qui n&apos;est pas un nombre</source>
        <translation>trace point with a value that is not a number</translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir %1 : %2</source>
        <translation>Cannot open %1: %2</translation>
    </message>
    <message>
        <source>ligne %1 : %2</source>
        <translation>line %1: %2</translation>
    </message>
    <message>
        <source>%1 : fichier InkML trop grand (%2 Mio ; au plus %3 Mio)</source>
        <translation>%1: InkML file too large (%2 MiB; at most %3 MiB)</translation>
    </message>
    <message>
        <source>trace de plus de %1 points</source>
        <translation>trace of more than %1 points</translation>
    </message>
    <message>
        <source>éléments imbriqués trop profondément (plus de %1)</source>
        <translation>elements nested too deep (more than %1)</translation>
    </message>
    <message>
        <source>balise de plus de %1 Kio</source>
        <translation>tag longer than %1 KiB</translation>
    </message>
    <message>
        <source>ligne %1 : plus de %2 points dans le fichier</source>
        <translation>line %1: more than %2 points in the file</translation>
    </message>
    <message>
        <source>%1 : plus de %2 Mio, ce n&apos;est pas un fichier InkML de Plume</source>
        <translation>%1: over %2 MiB, not one of Plume's InkML files</translation>
    </message>
    <message>
        <source>ligne %1 : déclaration DOCTYPE refusée (un fichier InkML n&apos;en a pas)</source>
        <translation>line %1: DOCTYPE declaration refused (an InkML file has none)</translation>
    </message>
</context>
<context>
    <name>OfflineFile</name>
    <message>
        <source>Fichier hors ligne pour le siège</source>
        <translation>Offline file for headquarters</translation>
    </message>
    <message>
        <source>Livraison hors ligne (*.plume)</source>
        <translation>Offline delivery (*.plume)</translation>
    </message>
    <message>
        <source>%1 refusé : %2</source>
        <translation>%1 refused: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n envoi(s) marqué(s) livré(s) au siège.</source>
        <translation><numerusform>%n submission marked delivered to headquarters.</numerusform><numerusform>%n submissions marked delivered to headquarters.</numerusform></translation>
    </message>
    <message>
        <source>Contacts remis au siège mais pas encore effacés de ce poste : %1</source>
        <translation>Contacts delivered to headquarters but not yet erased from this computer: %1</translation>
    </message>
    <message>
        <source>Accusés de réception du siège</source>
        <translation>Headquarters' receipts</translation>
    </message>
    <message>
        <source>Accusés de réception (*.json);;Tous les fichiers (*)</source>
        <translation>Receipts (*.json);;All files (*)</translation>
    </message>
    <message numerus="yes">
        <source>✔ %n envoi(s) chiffré(s) pour le siège dans %1 : portez ce fichier au siège (plume-hq import). Chaque envoi reste dans la file d&apos;envoi jusqu&apos;à l&apos;accusé de réception du siège ; un électeur d&apos;un lot de ce fichier qui retire son consentement le demande désormais au siège.</source>
        <translation><numerusform>✔ %n submission encrypted for headquarters in %1: take this file to headquarters (plume-hq import). Each submission stays in the outbox until headquarters' receipt comes back; a voter of a batch in this file who withdraws consent now asks headquarters.</numerusform><numerusform>✔ %n submissions encrypted for headquarters in %1: take this file to headquarters (plume-hq import). Each submission stays in the outbox until headquarters' receipt comes back; a voter of a batch in this file who withdraws consent now asks headquarters.</numerusform></translation>
    </message>
</context>
<context>
    <name>OfflineText</name>
    <message>
        <source>la clé du siège n&apos;est pas connue : enregistrez-la avec plumectl station set-hq --db FICHIER --hq URL --hq-key B64 (clé donnée par plume-hq keys show)</source>
        <translation>headquarters' key is not known: record it with plumectl station set-hq --db FILE --hq URL --hq-key B64 (the key given by plume-hq keys show)</translation>
    </message>
    <message>
        <source>l&apos;envoi %1 est illisible</source>
        <translation>submission %1 cannot be read</translation>
    </message>
    <message>
        <source>rien à livrer : chaque envoi a l&apos;accusé de réception du siège</source>
        <translation>nothing to deliver: every submission has HQ's receipt</translation>
    </message>
    <message>
        <source>impossible d&apos;écrire %1 : %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>ce bureau a enregistré une autre clé du siège : le fichier ne peut être chiffré que pour elle (changez-la avec plumectl station set-hq --hq-key, ou n&apos;indiquez pas de clé)</source>
        <translation>this station records another key for headquarters: the file can be encrypted for that key only (change it with plumectl station set-hq --hq-key, or give no key)</translation>
    </message>
    <message>
        <source>impossible d&apos;écrire %1 : %2 (ses envois comptent pourtant comme présentés au siège : un retrait de consentement passe par le siège)</source>
        <translation>cannot write %1: %2 (its submissions count as offered to headquarters all the same: a withdrawal of consent goes through headquarters)</translation>
    </message>
</context>
<context>
    <name>Passphrase</name>
    <message>
        <source>elle est trop courte ou trop simple</source>
        <translation>it is too short or too simple</translation>
    </message>
    <message>
        <source>elle contient un mot de passe courant ou un mot du dictionnaire</source>
        <translation>it contains a common password or a dictionary word</translation>
    </message>
    <message>
        <source>elle répète les mêmes caractères</source>
        <translation>it repeats the same characters</translation>
    </message>
    <message>
        <source>elle contient une suite (1234, abcd…)</source>
        <translation>it contains a sequence (1234, abcd…)</translation>
    </message>
    <message>
        <source>elle suit les touches du clavier</source>
        <translation>it follows the keys of the keyboard</translation>
    </message>
    <message>
        <source>elle contient une date ou une année</source>
        <translation>it contains a date or a year</translation>
    </message>
    <message>
        <source>elle est trop prévisible</source>
        <translation>it is too predictable</translation>
    </message>
    <message numerus="yes">
        <source>Phrase secrète refusée : il faut au moins %n caractères.</source>
        <translation><numerusform>Passphrase refused: it needs at least %n character.</numerusform><numerusform>Passphrase refused: it needs at least %n characters.</numerusform></translation>
    </message>
    <message>
        <source>Phrase secrète refusée : %1, elle serait devinée trop vite.</source>
        <translation>Passphrase refused: %1, it would be guessed too quickly.</translation>
    </message>
    <message>
        <source>Phrase secrète solide.</source>
        <translation>Strong passphrase.</translation>
    </message>
    <message>
        <source>Phrase secrète acceptable.</source>
        <translation>Acceptable passphrase.</translation>
    </message>
    <message>
        <source>elle contient un mot de ce bureau ou de cette élection (code, commune, candidat, membre du bureau)</source>
        <translation>it contains a word of this station or this election (code, commune, candidate, official)</translation>
    </message>
    <message>
        <source>elle est faite de mots du dictionnaire</source>
        <translation>it is made of dictionary words</translation>
    </message>
    <message>
        <source>Choisissez plutôt quatre mots ou plus, sans rapport entre eux, qui ne viennent ni de l&apos;élection ni du bureau.</source>
        <translation>Choose instead four or more unrelated words that come from neither the election nor the station.</translation>
    </message>
    <message>
        <source>elle contient une phrase célèbre ou une suite de touches du clavier</source>
        <translation>it contains a famous phrase or a walk along the keyboard</translation>
    </message>
    <message>
        <source>elle répète un mot</source>
        <translation>it repeats a word</translation>
    </message>
</context>
<context>
    <name>Pen</name>
    <message>
        <source>Aucun adaptateur Bluetooth n&apos;a été trouvé sur cet ordinateur. Vous pouvez continuer à saisir à la souris ou à la tablette.</source>
        <translation>No Bluetooth adapter was found on this computer. You can go on writing with the mouse or a tablet.</translation>
    </message>
    <message>
        <source>Le Bluetooth est désactivé. Activez-le pour connecter le stylo, ou continuez à saisir à la souris ou à la tablette.</source>
        <translation>Bluetooth is switched off. Switch it on to connect the pen, or go on writing with the mouse or a tablet.</translation>
    </message>
    <message>
        <source>Plume n&apos;a pas l&apos;autorisation d&apos;utiliser le Bluetooth. Vous pouvez continuer à saisir à la souris ou à la tablette.</source>
        <translation>Plume is not allowed to use Bluetooth. You can go on writing with the mouse or a tablet.</translation>
    </message>
    <message>
        <source>La recherche des stylos a échoué : %1</source>
        <translation>The search for pens failed: %1</translation>
    </message>
    <message>
        <source>liaison perdue</source>
        <translation>link lost</translation>
    </message>
    <message>
        <source>cet appareil n&apos;a pas de service NeoSmartpen</source>
        <translation>this device has no NeoSmartpen service</translation>
    </message>
    <message>
        <source>erreur GATT %1</source>
        <translation>GATT error %1</translation>
    </message>
    <message>
        <source>il manque au service du stylo ses caractéristiques</source>
        <translation>the pen service lacks its characteristics</translation>
    </message>
    <message>
        <source>la caractéristique du stylo n&apos;a pas de CCCD</source>
        <translation>the pen characteristic has no CCCD</translation>
    </message>
    <message>
        <source>bloc hors ligne : en-tête trop court</source>
        <translation>offline chunk header too short</translation>
    </message>
    <message>
        <source>bloc hors ligne : taille compressée incohérente</source>
        <translation>offline chunk: compressed size mismatch</translation>
    </message>
    <message>
        <source>bloc hors ligne : données zlib endommagées</source>
        <translation>offline chunk: zlib data is corrupt</translation>
    </message>
    <message>
        <source>bloc hors ligne : taille incohérente</source>
        <translation>offline chunk: size mismatch</translation>
    </message>
    <message>
        <source>bloc hors ligne : trait %1 tronqué</source>
        <translation>offline chunk: stroke %1 truncated</translation>
    </message>
    <message>
        <source>bloc hors ligne : points du trait %1 tronqués</source>
        <translation>offline chunk: dots of stroke %1 truncated</translation>
    </message>
    <message>
        <source>bloc hors ligne : %1 octets en trop</source>
        <translation>offline chunk: %1 trailing bytes</translation>
    </message>
    <message>
        <source>contenu trop court</source>
        <translation>payload too short</translation>
    </message>
    <message>
        <source>réponse de version plus courte que 64 octets</source>
        <translation>version reply shorter than 64 bytes</translation>
    </message>
    <message>
        <source>longueur de la liste des carnets incohérente</source>
        <translation>note list length mismatch</translation>
    </message>
    <message>
        <source>le stylo n&apos;a pas répondu (%1) : la liaison est coupée</source>
        <translation>the pen did not answer (%1): dropping the link</translation>
    </message>
    <message>
        <source>trop de codes faux : le stylo se réinitialise</source>
        <translation>too many wrong PINs: the pen resets itself</translation>
    </message>
    <message>
        <source>trop de codes faux : le stylo s&apos;est éteint</source>
        <translation>too many wrong PINs: the pen switched itself off</translation>
    </message>
    <message>
        <source>données hors ligne : %1</source>
        <translation>offline data: %1</translation>
    </message>
    <message>
        <source>le stylo a refusé le téléchargement hors ligne (résultat %1)</source>
        <translation>the pen refused the offline download (result %1)</translation>
    </message>
    <message>
        <source>le stylo a refusé la commande 0x%1 (résultat %2)</source>
        <translation>the pen refused command 0x%1 (result %2)</translation>
    </message>
    <message>
        <source>paquet 0x%1 mal formé : %2</source>
        <translation>malformed packet 0x%1: %2</translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir %1 : %2</source>
        <translation>Cannot open %1: %2</translation>
    </message>
    <message>
        <source>adresse de stylo « %1 » invalide : tcp:HÔTE:PORT attendu</source>
        <translation>bad pen address '%1': expected tcp:HOST:PORT</translation>
    </message>
    <message>
        <source>adresse de stylo « %1 » invalide : replay:FICHIER attendu</source>
        <translation>bad pen address '%1': expected replay:FILE</translation>
    </message>
    <message>
        <source>adresse de stylo « %1 » invalide : ble:AA:BB:CC:DD:EE:FF attendu</source>
        <translation>bad pen address '%1': expected ble:AA:BB:CC:DD:EE:FF</translation>
    </message>
    <message>
        <source>adresse de stylo « %1 » invalide : tcp:HÔTE:PORT, ble:ADRESSE ou replay:FICHIER attendu</source>
        <translation>bad pen address '%1': expected tcp:HOST:PORT, ble:ADDRESS or replay:FILE</translation>
    </message>
    <message>
        <source>%1 est trop grand pour un journal de stylo (%2 Mio, au plus %3 Mio)</source>
        <translation>%1 is too large for a pen log (%2 MiB, at most %3 MiB)</translation>
    </message>
    <message>
        <source>Impossible de lire %1 : %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier ordinaire : un journal de stylo à rejouer doit en être un</source>
        <translation>%1 is not a regular file: a pen log to replay must be one</translation>
    </message>
    <message>
        <source>heure du stylo invalide (%1 ms) : l&apos;heure du poste la remplace</source>
        <translation>invalid pen time (%1 ms): the station's time replaces it</translation>
    </message>
    <message>
        <source>le stylo envoie de l&apos;encre avant la fin de la connexion (%1) : encre ignorée</source>
        <translation>the pen sends ink before the connection is complete (%1): ink ignored</translation>
    </message>
    <message>
        <source>données hors ligne que personne n&apos;a demandées : refusées</source>
        <translation>offline data that nobody asked for: refused</translation>
    </message>
    <message>
        <source>les erreurs suivantes de ce genre sont comptées sans être affichées</source>
        <translation>further errors of this kind are counted without being shown</translation>
    </message>
    <message>
        <source>la mémoire du stylo garde de l&apos;encre d&apos;un autre jour : laissée de côté</source>
        <translation>the pen's memory holds ink from another day: left aside</translation>
    </message>
</context>
<context>
    <name>PensimText</name>
    <message>
        <source>Adresse d&apos;écoute (port 0 = un port libre).</source>
        <translation>Address to listen on (port 0 = any).</translation>
    </message>
    <message>
        <source>Fichier InkML à écrire.</source>
        <translation>InkML file to write.</translation>
    </message>
    <message>
        <source>Verrouille le stylo par ce code.</source>
        <translation>Lock the pen with PIN.</translation>
    </message>
    <message>
        <source>Octets par écriture : N, ou « random » (1-40).</source>
        <translation>Bytes per write: N, or 'random' (1-40).</translation>
    </message>
    <message>
        <source>Graine du hasard.</source>
        <translation>Random seed.</translation>
    </message>
    <message>
        <source>Pannes : garbage,truncate,drop-penup,lose-events,disconnect.</source>
        <translation>Faults: garbage,truncate,drop-penup,lose-events,disconnect.</translation>
    </message>
    <message>
        <source>Avec « disconnect » : traits écrits pendant la déconnexion (mémoire hors ligne).</source>
        <translation>With 'disconnect': strokes written while disconnected (offline memory).</translation>
    </message>
    <message>
        <source>Batterie en %.</source>
        <translation>Battery %.</translation>
    </message>
    <message>
        <source>S&apos;éteint et quitte après l&apos;encre.</source>
        <translation>Switch off and exit after the ink.</translation>
    </message>
    <message>
        <source>Pas de ligne par trait sur stderr.</source>
        <translation>No per-stroke lines on stderr.</translation>
    </message>
    <message>
        <source>--chunk « %1 » invalide</source>
        <translation>bad --chunk '%1'</translation>
    </message>
    <message>
        <source>panne « %1 » inconnue (connues : %2)</source>
        <translation>unknown fault '%1' (known: %2)</translation>
    </message>
    <message>
        <source>--seed « %1 » invalide</source>
        <translation>bad --seed '%1'</translation>
    </message>
    <message>
        <source>--offline-strokes invalide</source>
        <translation>bad --offline-strokes</translation>
    </message>
    <message>
        <source>--battery invalide</source>
        <translation>bad --battery</translation>
    </message>
    <message>
        <source>impossible d&apos;écouter sur %1 : %2</source>
        <translation>cannot listen on %1: %2</translation>
    </message>
    <message>
        <source>Stylo NeoSmartpen simulé (protocole 2.x) sur TCP : écrit les traits d&apos;un fichier InkML.</source>
        <translation>Simulated NeoSmartpen (protocol 2.x) on TCP: writes the strokes of an InkML file.</translation>
    </message>
    <message>
        <source>--ink FICHIER est obligatoire</source>
        <translation>--ink FILE is required</translation>
    </message>
    <message>
        <source>--listen « %1 » invalide : IP:PORT attendu</source>
        <translation>bad --listen '%1': expected IP:PORT</translation>
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
    <message>
        <source>Vérifiez le nombre d&apos;inscrits sur la liste d&apos;émargement : un tel écart avec la liste électorale ne peut pas être scellé ; appelez la personne responsable de l&apos;élection.</source>
        <translation>Check the number of registered voters on the signing list: such a gap with the electoral roll cannot be sealed; call the person in charge of the election.</translation>
    </message>
    <message>
        <source>Le nombre d&apos;inscrits (%1) s&apos;écarte de plus de %2 de celui de la liste électorale (%3).</source>
        <translation>The number of registered voters (%1) is more than %2 away from the electoral roll's (%3).</translation>
    </message>
    <message>
        <source>Vérifiez ce nombre (un chiffre de trop ?) : un compte qui dépasse à ce point le nombre d&apos;inscrits de la liste électorale ne peut pas être scellé ; appelez la personne responsable de l&apos;élection.</source>
        <translation>Check this number (one digit too many?): a count this far above the electoral list's registered voters cannot be sealed; call the person in charge of the election.</translation>
    </message>
    <message>
        <source>« %1 » (%2) dépasse de plus de %3 le nombre d&apos;inscrits de la liste électorale (%4).</source>
        <translation>“%1” (%2) is more than %3 above the electoral list's registered voters (%4).</translation>
    </message>
    <message>
        <source>« %1 » n&apos;est pas un nombre entier de 0 à %2.</source>
        <translation>“%1” is not a whole number from 0 to %2.</translation>
    </message>
    <message>
        <source>« %1 » (%2) dépasse le nombre d&apos;inscrits de la liste électorale (%3), et rien dans le PV ne l&apos;explique (inscrits ajoutés, plus de votants que d&apos;inscrits).</source>
        <translation>“%1” (%2) is above the electoral list's registered voters (%3), and nothing on the report explains it (voters added, more voters than registered).</translation>
    </message>
    <message>
        <source>votants</source>
        <translation>voters</translation>
    </message>
    <message>
        <source>enveloppes</source>
        <translation>envelopes</translation>
    </message>
    <message>
        <source>blancs</source>
        <translation>blank ballots</translation>
    </message>
    <message>
        <source>nuls</source>
        <translation>spoilt ballots</translation>
    </message>
    <message>
        <source>exprimés</source>
        <translation>valid votes</translation>
    </message>
    <message>
        <source>voix de %1</source>
        <translation>votes for %1</translation>
    </message>
    <message>
        <source>« %1 » (%2) dépasse de plus de %3 le nombre d&apos;inscrits de ce PV (%4).</source>
        <translation>"%1" (%2) exceeds this report's registered voters (%4) by more than %3.</translation>
    </message>
    <message>
        <source>Vérifiez ce nombre et celui des inscrits (un chiffre de trop, ou de moins ?) : un compte qui dépasse à ce point les inscrits du PV ne peut pas être scellé, même expliqué.</source>
        <translation>Check this number and the registered voters' (a digit too many, or too few?): a count that far above the report's registered voters cannot be sealed, even explained.</translation>
    </message>
</context>
<context>
    <name>ReceiptText</name>
    <message>
        <source>accusé de réception non vérifiable : la clé publique du siège n&apos;est pas enregistrée (plumectl station set-hq --db FICHIER --hq URL --hq-key B64, clé donnée par plume-hq keys show)</source>
        <translation>receipt cannot be verified: headquarters' public key is not recorded (plumectl station set-hq --db FILE --hq URL --hq-key B64, the key given by plume-hq keys show)</translation>
    </message>
    <message>
        <source>la réponse du siège n&apos;est pas un accusé de réception</source>
        <translation>headquarters' answer is not a receipt</translation>
    </message>
    <message>
        <source>accusé de réception refusé : sa signature n&apos;est pas celle du siège</source>
        <translation>receipt refused: its signature is not headquarters'</translation>
    </message>
    <message>
        <source>accusé de réception refusé : « %1 » n&apos;est pas celui de cet envoi</source>
        <translation>receipt refused: “%1” is not the one of this submission</translation>
    </message>
    <message>
        <source>la clé du siège doit être une clé publique Ed25519 de 32 octets (plume-hq keys show)</source>
        <translation>headquarters' key must be a 32-byte Ed25519 public key (plume-hq keys show)</translation>
    </message>
</context>
<context>
    <name>Receipts</name>
    <message>
        <source>ce n&apos;est pas un fichier d&apos;accusés de réception du siège (plume-hq import --receipts FICHIER)</source>
        <translation>this is not a headquarters receipts file (plume-hq import --receipts FILE)</translation>
    </message>
    <message>
        <source>pas d&apos;envoi de ce bureau sous cet identifiant</source>
        <translation>no submission of this station under this id</translation>
    </message>
    <message>
        <source>déjà livré</source>
        <translation>already delivered</translation>
    </message>
    <message>
        <source>%1 est trop gros pour un fichier d&apos;accusés de réception</source>
        <translation>%1 is too large for a receipts file</translation>
    </message>
    <message>
        <source>Impossible de lire %1 : %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
</context>
<context>
    <name>Seal</name>
    <message>
        <source>règle %1 « %2 » (champs %3) : %4</source>
        <translation>rule %1 “%2” (fields %3): %4</translation>
    </message>
    <message>
        <source>champs sans décision d&apos;un membre du bureau : %1 ; confirmez ou saisissez ces valeurs, puis recommencez.</source>
        <translation>fields without an official's decision: %1; confirm or type these values, then try again.</translation>
    </message>
    <message>
        <source>Le PV ne peut pas être scellé : %1</source>
        <translation>The report cannot be sealed: %1</translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de clé de signature (créée par « station init »).</source>
        <translation>This station has no signing key (created by “station init”).</translation>
    </message>
    <message>
        <source>Le PV est déjà scellé : une correction en fait une nouvelle version, qui demande une raison écrite d&apos;au moins %1 caractères (%2 pour l&apos;instant) et la signature d&apos;au moins %3 membres du bureau (%4 pour l&apos;instant).</source>
        <translation>The report is already sealed: a correction makes a new version, which needs a written reason of at least %1 characters (%2 so far) and the signatures of at least %3 officials (%4 so far).</translation>
    </message>
    <message>
        <source>Le PV n&apos;a pas de champ « %1 ».</source>
        <translation>The report has no field “%1”.</translation>
    </message>
    <message>
        <source>Valeur invalide pour %1 : %2</source>
        <translation>Invalid value for %1: %2</translation>
    </message>
    <message>
        <source>Le champ %1 porte %2 traits (au plus %3) : rayez l&apos;encre parasite avant de sceller.</source>
        <translation>Field %1 holds %2 strokes (at most %3): strike out the stray ink before sealing.</translation>
    </message>
    <message>
        <source>L&apos;encre du PV compte %1 points (au plus %2) : rayez l&apos;encre parasite avant de sceller.</source>
        <translation>The ink of the report has %1 points (at most %2): strike out the stray ink before sealing.</translation>
    </message>
    <message>
        <source>La clé de signature du bureau est illisible.</source>
        <translation>The station's signing key cannot be read.</translation>
    </message>
    <message>
        <source>Ce fichier n&apos;a pas de feuille PV.</source>
        <translation>This file has no report sheet.</translation>
    </message>
    <message>
        <source> Il faut une raison écrite d&apos;au moins %1 caractères et la signature d&apos;au moins %2 membres du bureau.</source>
        <translation> It needs a written reason of at least %1 characters and the signatures of at least %2 officials.</translation>
    </message>
    <message>
        <source>Il faut au moins un membre du bureau pour clore le PV.</source>
        <translation>Closing the report needs at least one official.</translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de phrase secrète : sa clé de signature n&apos;est pas protégée. Donnez-lui en une avant de sceller.</source>
        <translation>This station has no passphrase: its signing key is not protected. Give it one before sealing.</translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : il faut sa phrase secrète pour signer le PV.</source>
        <translation>The station is locked: signing the report needs its passphrase.</translation>
    </message>
    <message>
        <source>Une correction demande sa raison.</source>
        <translation>A correction needs its reason.</translation>
    </message>
    <message>
        <source>ce n&apos;est pas un objet JSON</source>
        <translation>not a JSON object</translation>
    </message>
    <message>
        <source>pas de clé publique valide (public_key)</source>
        <translation>no valid public_key</translation>
    </message>
    <message>
        <source>« signed » manque ou ne peut pas être mis en forme canonique</source>
        <translation>'signed' is missing or not canonicalisable</translation>
    </message>
    <message>
        <source>le document n&apos;est pas dans sa forme canonique</source>
        <translation>the document is not in its canonical form</translation>
    </message>
    <message>
        <source>Des corrections ont été saisies dans Plume sans être confirmées : %1. Ouvrez la fenêtre de Plume et, pour chacune, confirmez-la par Entrée ou abandonnez-la par Échap (ou plumectl drafts drop), puis scellez de nouveau.</source>
        <translation>Corrections were typed in Plume and not confirmed: %1. Open the Plume window and, for each of them, confirm it with Enter or drop it with Escape (or plumectl drafts drop), then seal again.</translation>
    </message>
    <message numerus="yes">
        <source>%n correction(s) non confirmée(s) illisible(s) dans le fichier (modifié hors de Plume ?) : fermez puis rouvrez la fenêtre de Plume, qui les écarte (ou plumectl drafts drop --unreadable), puis scellez de nouveau.</source>
        <translation><numerusform>%n unconfirmed correction in the file cannot be read (changed outside Plume?): close and reopen the Plume window, which sets it aside (or plumectl drafts drop --unreadable), then seal again.</numerusform><numerusform>%n unconfirmed corrections in the file cannot be read (changed outside Plume?): close and reopen the Plume window, which sets them aside (or plumectl drafts drop --unreadable), then seal again.</numerusform></translation>
    </message>
    <message>
        <source>Le PV a déjà %1 versions, le plus que le siège accepte : une autre correction se fait avec le siège, hors de Plume.</source>
        <translation>The report already has %1 versions, the most headquarters accepts: another correction is made with headquarters, outside Plume.</translation>
    </message>
    <message numerus="yes">
        <source>champ %1 : %n trait(s) ajouté(s) sur le papier laissé(s) hors de cette version (plus d&apos;encre qu&apos;un champ n&apos;en porte) ; le fichier du bureau garde tout</source>
        <translation><numerusform>field %1: %n stroke added on the paper left out of this version (more ink than a field carries); the station file keeps everything</numerusform><numerusform>field %1: %n strokes added on the paper left out of this version (more ink than a field carries); the station file keeps everything</numerusform></translation>
    </message>
    <message>
        <source>Rien ne change depuis la version %1 du PV (mêmes nombres, même code, mêmes observations, même encre) : pas de nouvelle version.</source>
        <translation>Nothing changes since version %1 of the PV (same numbers, same code, same remarks, same ink): no new version.</translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : il faut sa phrase secrète pour lire le lot qui contient la fiche.</source>
        <translation>The station is locked: its passphrase is needed to read the batch that holds the sheet.</translation>
    </message>
    <message>
        <source>La fiche %1 n&apos;est dans aucun lot en attente : elle a déjà été remise au siège et effacée du bureau, ou effacée.</source>
        <translation>Sheet %1 is in no waiting batch: it was already delivered to headquarters and purged from the station, or erased.</translation>
    </message>
    <message>
        <source>La fiche %1 n&apos;est pas une fiche contact mise en lot pour le siège.</source>
        <translation>Sheet %1 is not a contact sheet batched for headquarters.</translation>
    </message>
    <message>
        <source>retiré : un électeur du lot a retiré son consentement</source>
        <translation>withdrawn: a voter in the batch withdrew consent</translation>
    </message>
    <message>
        <source>La fiche %1 a été remise au siège (lot %2) : le retrait du consentement se demande maintenant au siège, qui l&apos;efface avec « %3 ».</source>
        <translation>Sheet %1 was delivered to headquarters (batch %2): withdrawing consent is now a request to headquarters, which erases it with “%3”.</translation>
    </message>
    <message>
        <source>Le lot %1, qui contient la fiche %2, a déjà été présenté au siège, qui a pu le recevoir : le retrait du consentement se demande au siège, qui l&apos;efface avec « %3 ».</source>
        <translation>Batch %1, which holds sheet %2, was already offered to headquarters, which may have received it: withdrawing consent is a request to headquarters, which erases it with “%3”.</translation>
    </message>
    <message>
        <source>Le PV est marqué scellé, mais sa version signée manque dans le fichier (modifié hors de Plume ?).</source>
        <translation>The report is marked sealed, but its signed version is missing from the file (changed outside Plume?).</translation>
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
        <source>plume : aucun écran ici (ni DISPLAY ni WAYLAND_DISPLAY) : Plume ouvre une fenêtre. Lancez-le dans une session graphique, ou utilisez plumectl en ligne de commande (plumectl --help).
</source>
        <translation>plume: no display here (neither DISPLAY nor WAYLAND_DISPLAY): Plume opens a window. Start it in a graphical session, or use plumectl on the command line (plumectl --help).
</translation>
    </message>
    <message>
        <source>Le bureau n&apos;a pas pu être ouvert : %1

Vérifiez le nom et le dossier du fichier (un bureau finit par .plume), ou lancez Plume sans fichier pour créer un nouveau bureau.</source>
        <translation>The station could not be opened: %1

Check the file's name and folder (a station ends in .plume), or start Plume without a file to create a new station.</translation>
    </message>
    <message>
        <source>Verrouille la fenêtre après MINUTES sans clavier ni souris (5 par défaut ; 0 : jamais).</source>
        <translation>Locks the window after MINUTES without keyboard or mouse (5 by default; 0: never).</translation>
    </message>
    <message>
        <source>plume : --lock-after attend un nombre de minutes (0 : jamais).
</source>
        <translation>plume: --lock-after expects a number of minutes (0: never).
</translation>
    </message>
    <message>
        <source>tcp:HÔTE:PORT, ble:ADRESSE ou replay:FICHIER.</source>
        <translation>tcp:HOST:PORT, ble:ADDRESS or replay:FILE.</translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <source>Rayer un trait demande le nom du membre du bureau et une raison.</source>
        <translation>Striking out a stroke needs the official's name and a reason.</translation>
    </message>
    <message>
        <source>La fiche %1 a été effacée faute de consentement : elle ne reçoit plus de décision.</source>
        <translation>Sheet %1 was erased for want of consent: it takes no more decisions.</translation>
    </message>
    <message>
        <source>Cette feuille est scellée ou effacée : ses décisions ne peuvent plus être reprises.</source>
        <translation>This sheet is sealed or erased: its decisions can no longer be taken back.</translation>
    </message>
    <message>
        <source>Le champ %1 n&apos;a pas de décision à retirer.</source>
        <translation>Field %1 has no decision to take back.</translation>
    </message>
    <message>
        <source>La table %1 n&apos;est pas couverte par le journal d&apos;audit.</source>
        <translation>Table %1 is not audited.</translation>
    </message>
    <message>
        <source>Le fichier du bureau a été modifié hors de Plume : ne scellez rien avec, gardez-le tel quel comme preuve et prévenez le siège.</source>
        <translation>The station file was changed outside Plume: seal nothing with it, keep it as it is as evidence and tell headquarters.</translation>
    </message>
    <message>
        <source>lecture d&apos;une ligne à auditer impossible</source>
        <translation>cannot read a row to audit</translation>
    </message>
    <message>
        <source>liste des lignes impossible</source>
        <translation>cannot list rows</translation>
    </message>
    <message>
        <source>%1, ligne %2 : écrite hors de Plume (aucune entrée d&apos;audit).</source>
        <translation>%1, row %2: written outside Plume (no audit entry).</translation>
    </message>
    <message>
        <source>%1, ligne %2 : modifiée hors de Plume (ne correspond pas à l&apos;entrée d&apos;audit %3).</source>
        <translation>%1, row %2: changed outside Plume (does not match audit entry %3).</translation>
    </message>
    <message>
        <source>%1 : ligne supprimée hors de Plume (entrée d&apos;audit %2).</source>
        <translation>%1: row deleted outside Plume (audit entry %2).</translation>
    </message>
    <message>
        <source>lecture du journal d&apos;audit impossible</source>
        <translation>cannot read the audit log</translation>
    </message>
    <message>
        <source>enregistrement du point d&apos;ancrage impossible</source>
        <translation>cannot store checkpoint</translation>
    </message>
    <message>
        <source>lecture des points d&apos;ancrage impossible</source>
        <translation>cannot read checkpoints</translation>
    </message>
    <message>
        <source>Point d&apos;ancrage %1 : la signature du bureau ne correspond pas.</source>
        <translation>Anchor %1: the station's signature does not match.</translation>
    </message>
    <message>
        <source>Le journal d&apos;audit n&apos;atteint plus le point d&apos;ancrage signé %1 (journal tronqué ou recalculé).</source>
        <translation>The audit log no longer reaches signed anchor %1 (log truncated or recomputed).</translation>
    </message>
    <message>
        <source>Le journal d&apos;audit ne mène plus au PV scellé version %1 (journal tronqué ou recalculé).</source>
        <translation>The audit log no longer leads to sealed report version %1 (log truncated or recomputed).</translation>
    </message>
    <message>
        <source>mise en file de l&apos;envoi impossible</source>
        <translation>cannot queue the submission</translation>
    </message>
    <message>
        <source>lecture de la file d&apos;envoi impossible</source>
        <translation>cannot read the outbox</translation>
    </message>
    <message>
        <source>mise à jour de la file d&apos;envoi impossible</source>
        <translation>cannot update the outbox</translation>
    </message>
    <message>
        <source>File d&apos;envoi : pas d&apos;envoi %1.</source>
        <translation>Outbox: no item %1.</translation>
    </message>
    <message>
        <source>La bibliothèque de chiffrement (libsodium) ne démarre pas.</source>
        <translation>Libsodium cannot be initialised.</translation>
    </message>
    <message>
        <source>Pas assez de mémoire pour dériver la clé de la phrase secrète (il faut 256 Mio libres).</source>
        <translation>Not enough memory to derive the key from the passphrase.</translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : les fiches contact ne se lisent et ne s&apos;écrivent qu&apos;avec sa phrase secrète.</source>
        <translation>The station is locked: contact sheets are read and written only with its passphrase.</translation>
    </message>
    <message>
        <source>Les réglages de clé du bureau sont endommagés.</source>
        <translation>The station's key settings are damaged.</translation>
    </message>
    <message>
        <source>Phrase secrète du bureau incorrecte.</source>
        <translation>Wrong station passphrase.</translation>
    </message>
    <message>
        <source>lecture des réglages impossible</source>
        <translation>cannot read settings</translation>
    </message>
    <message>
        <source>Pour changer la phrase secrète du bureau, donnez d&apos;abord l&apos;actuelle.</source>
        <translation>Give the current station passphrase to change it.</translation>
    </message>
    <message>
        <source>Impossible de lire le fichier de phrase secrète %1 : %2</source>
        <translation>Cannot read the passphrase file %1: %2</translation>
    </message>
    <message>
        <source>Le fichier de phrase secrète %1 est vide.</source>
        <translation>The passphrase file %1 is empty.</translation>
    </message>
    <message>
        <source>Une valeur chiffrée ne se déchiffre pas (%1) : le fichier est endommagé.</source>
        <translation>An encrypted value does not decrypt (%1): the file is damaged.</translation>
    </message>
    <message>
        <source>Seules les fiches contact portent des données personnelles.</source>
        <translation>Only contact sheets hold personal data.</translation>
    </message>
    <message>
        <source>effacement des données personnelles impossible</source>
        <translation>cannot purge personal data</translation>
    </message>
    <message>
        <source>marquage de la feuille effacée impossible</source>
        <translation>cannot mark the sheet purged</translation>
    </message>
    <message>
        <source>effacement d&apos;un envoi livré impossible</source>
        <translation>cannot empty a delivered payload</translation>
    </message>
    <message>
        <source>compactage impossible pendant une transaction</source>
        <translation>cannot compact inside a transaction</translation>
    </message>
    <message>
        <source>Compactage (VACUUM) impossible : %1</source>
        <translation>VACUUM failed: %1</translation>
    </message>
    <message>
        <source>%1 : %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>préparation de la requête impossible</source>
        <translation>cannot prepare the query</translation>
    </message>
    <message>
        <source>exécution de « %1 » impossible</source>
        <translation>cannot run “%1”</translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir %1 : %2</source>
        <translation>Cannot open %1: %2</translation>
    </message>
    <message>
        <source>lecture du schéma impossible</source>
        <translation>cannot read the schema</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier de bureau Plume.</source>
        <translation>%1 is not a Plume station file.</translation>
    </message>
    <message>
        <source>%1 a la version de schéma %2, plus récente que celle que connaît ce Plume (%3) : mettez Plume à jour ; le fichier n&apos;a pas été modifié.</source>
        <translation>%1 has schema version %2, newer than this Plume knows (%3): upgrade Plume; the file was not changed.</translation>
    </message>
    <message>
        <source>enregistrement de la version du schéma impossible</source>
        <translation>cannot record schema version</translation>
    </message>
    <message>
        <source>validation de la transaction impossible</source>
        <translation>cannot commit</translation>
    </message>
    <message>
        <source>%1 existe déjà : Plume n&apos;écrase jamais un fichier de bureau.</source>
        <translation>%1 already exists: refusing to overwrite it.</translation>
    </message>
    <message>
        <source>enregistrement du bureau impossible</source>
        <translation>cannot record the station</translation>
    </message>
    <message>
        <source>création de la feuille du PV impossible</source>
        <translation>cannot create the PV sheet</translation>
    </message>
    <message>
        <source>%1 n&apos;existe pas.</source>
        <translation>%1 does not exist.</translation>
    </message>
    <message>
        <source>La fiche du bureau manque dans le fichier.</source>
        <translation>The station record is missing.</translation>
    </message>
    <message>
        <source>L&apos;élection enregistrée dans le fichier est invalide : %1</source>
        <translation>The stored election is invalid: %1</translation>
    </message>
    <message>
        <source>On ne peut ajouter que des fiches contact (le PV existe déjà).</source>
        <translation>Only contact sheets can be added (the report already exists).</translation>
    </message>
    <message>
        <source>comptage des feuilles impossible</source>
        <translation>cannot count sheets</translation>
    </message>
    <message>
        <source>création de la feuille impossible</source>
        <translation>cannot create the sheet</translation>
    </message>
    <message>
        <source>liste des feuilles impossible</source>
        <translation>cannot list sheets</translation>
    </message>
    <message>
        <source>lecture de la feuille impossible</source>
        <translation>cannot read sheet</translation>
    </message>
    <message>
        <source>enregistrement de la page de la feuille impossible</source>
        <translation>cannot set the sheet's page</translation>
    </message>
    <message>
        <source>enregistrement de l&apos;état de la feuille impossible</source>
        <translation>cannot set the sheet's state</translation>
    </message>
    <message>
        <source>Pas de feuille « %1 ».</source>
        <translation>No sheet '%1'.</translation>
    </message>
    <message>
        <source>enregistrement du trait impossible</source>
        <translation>cannot store the stroke</translation>
    </message>
    <message>
        <source>Le trait %1 est endommagé (points illisibles).</source>
        <translation>Stroke %1 has a corrupt dot blob.</translation>
    </message>
    <message>
        <source>lecture des traits impossible</source>
        <translation>cannot read strokes</translation>
    </message>
    <message>
        <source>lecture du trait impossible</source>
        <translation>cannot read the stroke</translation>
    </message>
    <message>
        <source>Pas de trait %1.</source>
        <translation>No stroke %1.</translation>
    </message>
    <message>
        <source>impossible de barrer le trait</source>
        <translation>cannot strike the stroke</translation>
    </message>
    <message>
        <source>lecture des traits barrés impossible</source>
        <translation>cannot read struck strokes</translation>
    </message>
    <message>
        <source>comptage des traits impossible</source>
        <translation>cannot count strokes</translation>
    </message>
    <message>
        <source>enregistrement de la lecture impossible</source>
        <translation>cannot store the reading</translation>
    </message>
    <message>
        <source>lecture des lectures impossible</source>
        <translation>cannot read readings</translation>
    </message>
    <message>
        <source>Une décision demande le nom du membre du bureau.</source>
        <translation>A decision needs the name of the official.</translation>
    </message>
    <message>
        <source>enregistrement de la décision impossible</source>
        <translation>cannot store the decision</translation>
    </message>
    <message>
        <source>lecture des décisions impossible</source>
        <translation>cannot read decisions</translation>
    </message>
    <message>
        <source>écriture dans le journal d&apos;audit impossible</source>
        <translation>cannot append to the audit log</translation>
    </message>
    <message>
        <source>ligne d&apos;audit %1 : numéro %2 attendu (une ligne manque)</source>
        <translation>audit row %1: expected id %2 (a row is missing)</translation>
    </message>
    <message>
        <source>ligne d&apos;audit %1 : ne s&apos;enchaîne pas à la précédente</source>
        <translation>audit row %1: previous hash does not chain</translation>
    </message>
    <message>
        <source>ligne d&apos;audit %1 : empreinte différente (ligne modifiée)</source>
        <translation>audit row %1: hash mismatch (row altered)</translation>
    </message>
    <message>
        <source>Contrôle d&apos;intégrité SQLite impossible : %1</source>
        <translation>SQLite integrity check failed: %1</translation>
    </message>
    <message>
        <source>Contrôle des références : table %1, ligne %2</source>
        <translation>Foreign key check: table %1, row %2</translation>
    </message>
    <message>
        <source>enregistrement du réglage impossible</source>
        <translation>cannot store setting</translation>
    </message>
    <message>
        <source>lecture du réglage impossible</source>
        <translation>cannot read setting</translation>
    </message>
    <message>
        <source>effacement du réglage impossible</source>
        <translation>cannot erase setting</translation>
    </message>
    <message>
        <source>ligne d&apos;audit %1 : sceau absent ou faux (ligne ajoutée ou modifiée sans la phrase secrète du bureau)</source>
        <translation>audit row %1: seal missing or wrong (row added or changed without the station passphrase)</translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : modifier son fichier demande sa phrase secrète (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation>The station is locked: changing its file needs its passphrase (--passphrase-file FILE or PLUME_PASSPHRASE_FILE).</translation>
    </message>
    <message>
        <source>%1 est un fichier de remise hors ligne pour le siège, pas un fichier de bureau : il s&apos;importe au siège avec « plume-hq import ».</source>
        <translation>%1 is an offline delivery file for headquarters, not a station file: import it at headquarters with “plume-hq import”.</translation>
    </message>
    <message>
        <source>Le trait %1 n&apos;existe pas.</source>
        <translation>Stroke %1 does not exist.</translation>
    </message>
    <message>
        <source>Chaîne des traits rompue au trait %1 (trait modifié, ajouté ou supprimé hors de Plume).</source>
        <translation>Ink chain broken at stroke %1 (a stroke changed, added or deleted outside Plume).</translation>
    </message>
    <message>
        <source>Trait %1 : écrit hors de Plume (absent de la chaîne des traits).</source>
        <translation>Stroke %1: written outside Plume (not in the ink chain).</translation>
    </message>
    <message>
        <source>Trait %1 : modifié hors de Plume (ne correspond plus à la chaîne des traits).</source>
        <translation>Stroke %1: changed outside Plume (no longer matches the ink chain).</translation>
    </message>
    <message>
        <source>Trait %1 : supprimé hors de Plume.</source>
        <translation>Stroke %1: deleted outside Plume.</translation>
    </message>
    <message>
        <source>L&apos;entrée d&apos;audit %1 ancre l&apos;encre jusqu&apos;au trait %2, que la chaîne des traits n&apos;atteint plus (traits supprimés ou recalculés hors de Plume).</source>
        <translation>Audit entry %1 anchors the ink up to stroke %2, which the ink chain no longer reaches (strokes deleted or recomputed outside Plume).</translation>
    </message>
    <message>
        <source>déclencheur « %1 »</source>
        <translation>trigger “%1”</translation>
    </message>
    <message>
        <source>vue « %1 »</source>
        <translation>view “%1”</translation>
    </message>
    <message>
        <source>index « %1 »</source>
        <translation>index “%1”</translation>
    </message>
    <message>
        <source>table « %1 »</source>
        <translation>table “%1”</translation>
    </message>
    <message>
        <source>%1, ligne %2 : la colonne %3 a changé de type hors de Plume.</source>
        <translation>%1, row %2: column %3 changed type outside Plume.</translation>
    </message>
    <message>
        <source>Schéma modifié hors de Plume (ajout : %1).</source>
        <translation>Schema changed outside Plume (added: %1).</translation>
    </message>
    <message>
        <source>Schéma modifié hors de Plume (changement : %1).</source>
        <translation>Schema changed outside Plume (changed: %1).</translation>
    </message>
    <message>
        <source>Schéma modifié hors de Plume (suppression : %1).</source>
        <translation>Schema changed outside Plume (removed: %1).</translation>
    </message>
    <message>
        <source>Le trait n&apos;a pas été enregistré tel quel : le fichier du bureau a été modifié hors de Plume (quelque chose y change ce qui s&apos;écrit). L&apos;encre reste en attente ; n&apos;utilisez plus ce fichier et prévenez le siège.</source>
        <translation>The stroke was not stored as written: the station file was changed outside Plume (something in it changes what is written). The ink is kept waiting; stop using this file and tell headquarters.</translation>
    </message>
    <message>
        <source>La phrase secrète du bureau (posée à l&apos;entrée d&apos;audit %1) a été retirée hors de Plume.</source>
        <translation>The station passphrase (set at audit entry %1) was removed outside Plume.</translation>
    </message>
    <message>
        <source>%1 est vide : ce n&apos;est pas un fichier de bureau Plume (s&apos;il en était un, il a été vidé : gardez-le tel quel et prévenez le siège ; un nouveau bureau se crée avec « plumectl station init »).</source>
        <translation>%1 is empty: it is not a Plume station file (if it was one, it has been emptied: keep it as it is and tell headquarters; a new station is created with “plumectl station init”).</translation>
    </message>
    <message>
        <source>Copie de %1 impossible.</source>
        <translation>Cannot copy %1.</translation>
    </message>
    <message>
        <source>Dossier temporaire impossible : %1</source>
        <translation>Cannot create a temporary folder: %1</translation>
    </message>
    <message>
        <source>La lecture n&apos;a pas été enregistrée telle quelle : le fichier du bureau a été modifié hors de Plume (quelque chose y change ce qui s&apos;écrit). N&apos;utilisez plus ce fichier et prévenez le siège.</source>
        <translation>The reading was not stored as written: the station file was changed outside Plume (something in it alters what is written). Stop using this file and tell headquarters.</translation>
    </message>
    <message>
        <source>La lecture %1 n&apos;existe pas.</source>
        <translation>Reading %1 does not exist.</translation>
    </message>
    <message>
        <source>Chaîne des lectures rompue à la lecture %1 (lecture modifiée, ajoutée ou supprimée hors de Plume).</source>
        <translation>Chain of readings broken at reading %1 (a reading changed, added or deleted outside Plume).</translation>
    </message>
    <message>
        <source>Lecture %1 : écrite hors de Plume (absente de la chaîne des lectures).</source>
        <translation>Reading %1: written outside Plume (not in the chain of readings).</translation>
    </message>
    <message>
        <source>Lecture %1 : modifiée hors de Plume (ne correspond plus à la chaîne des lectures).</source>
        <translation>Reading %1: changed outside Plume (no longer matches the chain of readings).</translation>
    </message>
    <message>
        <source>Lecture %1 : supprimée hors de Plume.</source>
        <translation>Reading %1: deleted outside Plume.</translation>
    </message>
    <message>
        <source>L&apos;entrée d&apos;audit %1 ancre les lectures jusqu&apos;à la lecture %2, que la chaîne des lectures n&apos;atteint plus (lectures supprimées ou recalculées hors de Plume).</source>
        <translation>Audit entry %1 anchors the readings up to reading %2, which the chain of readings no longer reaches (readings deleted or recomputed outside Plume).</translation>
    </message>
    <message>
        <source>lecture de la chaîne impossible</source>
        <translation>cannot read the chain</translation>
    </message>
    <message>
        <source>lecture de la ligne à chaîner impossible</source>
        <translation>cannot read the row to chain</translation>
    </message>
    <message>
        <source>enregistrement dans la chaîne impossible</source>
        <translation>cannot store the link in the chain</translation>
    </message>
    <message>
        <source>liste des lignes à chaîner impossible</source>
        <translation>cannot list the rows to chain</translation>
    </message>
    <message>
        <source>liste des lignes chaînées impossible</source>
        <translation>cannot list the chained rows</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier de bureau Plume : ce n&apos;est pas une base de données SQLite (un PV exporté en JSON, CSV ou PDF, peut-être ?). Donnez le fichier du bureau, celui que « plumectl station init » ou l&apos;assistant de Plume a créé. (détail technique : %2)</source>
        <translation>%1 is not a Plume station file: it is not an SQLite database (a report exported as JSON, CSV or PDF, perhaps?). Give the station file, the one “plumectl station init” or Plume's wizard created. (technical detail: %2)</translation>
    </message>
    <message>
        <source>enregistrement de la saisie non confirmée impossible</source>
        <translation>cannot record the unconfirmed entry</translation>
    </message>
    <message>
        <source>suppression de la saisie non confirmée impossible</source>
        <translation>cannot delete the unconfirmed entry</translation>
    </message>
    <message>
        <source>lecture des saisies non confirmées impossible</source>
        <translation>cannot read the unconfirmed entries</translation>
    </message>
    <message>
        <source>La clé du bureau a été enlevée ou remplacée dans le fichier depuis que Plume l&apos;a ouvert (modifié hors de Plume) : la phrase secrète ne peut plus être vérifiée. Fermez Plume, puis vérifiez le fichier (plumectl db check).</source>
        <translation>The station's key was removed or replaced in the file since Plume opened it (changed outside Plume): the passphrase can no longer be checked. Close Plume, then check the file (plumectl db check).</translation>
    </message>
    <message>
        <source>Le PV scellé version %1 a disparu du journal d&apos;audit ou de la file d&apos;envoi (scellement effacé hors de Plume).</source>
        <translation>The sealed PV version %1 is gone from the audit log or the outbox (seal erased outside Plume).</translation>
    </message>
    <message>
        <source>Trait %1 : son lien dans la chaîne des traits n&apos;a pas le sceau du bureau (trait ou chaîne réécrits hors de Plume).</source>
        <translation>Stroke %1: its link in the ink chain lacks the station's seal (stroke or chain rewritten outside Plume).</translation>
    </message>
    <message>
        <source>Lecture %1 : son lien dans la chaîne des lectures n&apos;a pas le sceau du bureau (lecture ou chaîne réécrites hors de Plume).</source>
        <translation>Reading %1: its link in the chain of readings lacks the station's seal (reading or chain rewritten outside Plume).</translation>
    </message>
    <message>
        <source>%1 Aucune donnée personnelle n&apos;est effacée tant que le fichier ne passe pas son contrôle</source>
        <translation>%1 No personal data is erased while the file fails its check</translation>
    </message>
    <message>
        <source>File d&apos;envoi : pas d&apos;envoi non livré %1.</source>
        <translation>Outbox: no undelivered item %1.</translation>
    </message>
    <message>
        <source>%1, ligne %2 : modifiée hors de Plume ; Plume n&apos;y écrit plus.</source>
        <translation>%1, row %2: changed outside Plume; Plume no longer writes to it.</translation>
    </message>
    <message>
        <source>%1, ligne %2 : clé de type %3, écrite hors de Plume.</source>
        <translation>%1, row %2: key of type %3, written outside Plume.</translation>
    </message>
    <message>
        <source>%1 a été supprimé</source>
        <translation>%1 was deleted</translation>
    </message>
    <message>
        <source>%1 a été remplacé par un autre fichier</source>
        <translation>%1 was replaced by another file</translation>
    </message>
    <message>
        <source>%1 pendant que Plume l&apos;avait ouvert : plus rien n&apos;y est écrit. La copie de secours de ce que Plume avait enregistré a échoué (%2) : ne fermez pas Plume avant d&apos;avoir prévenu le siège.</source>
        <translation>%1 while Plume had it open: nothing more is written to it. The rescue copy of what Plume had stored failed (%2): do not close Plume before telling headquarters.</translation>
    </message>
    <message>
        <source>%1 pendant que Plume l&apos;avait ouvert : plus rien n&apos;y est écrit. Ce que Plume avait enregistré est sauvé dans %2 : gardez les deux fichiers et prévenez le siège.</source>
        <translation>%1 while Plume had it open: nothing more is written to it. What Plume had stored is saved in %2: keep both files and tell headquarters.</translation>
    </message>
    <message numerus="yes">
        <source>Contrôle d&apos;intégrité SQLite : %n problème(s) dans les pages du fichier (SQLite, en anglais : %1)</source>
        <translation><numerusform>SQLite integrity check: %n problem in the file's pages (SQLite says: %1)</numerusform><numerusform>SQLite integrity check: %n problems in the file's pages (SQLite says: %1)</numerusform></translation>
    </message>
    <message>
        <source>%1 est un lien symbolique (vers %2) : Plume crée un fichier de bureau à un chemin où rien n&apos;existe, jamais à travers un lien.</source>
        <translation>%1 is a symbolic link (to %2): Plume creates a station file at a path where nothing exists, never through a link.</translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;existe pas : créez-le d&apos;abord, ou choisissez un autre chemin.</source>
        <translation>The folder %1 does not exist: create it first, or choose another path.</translation>
    </message>
    <message>
        <source>L&apos;envoi %1 a été vidé (retiré de la file, ou effacé après sa livraison) : il n&apos;a plus rien à envoyer.</source>
        <translation>Submission %1 was emptied (withdrawn from the queue, or purged after delivery): it has nothing left to send.</translation>
    </message>
    <message>
        <source>retrait d&apos;un envoi de la file impossible</source>
        <translation>cannot withdraw a submission from the queue</translation>
    </message>
    <message>
        <source>L&apos;envoi %1 a déjà été présenté au siège : il ne se retire plus de la file.</source>
        <translation>Submission %1 was already offered to headquarters: it can no longer be withdrawn from the queue.</translation>
    </message>
    <message>
        <source>%1 ne peut pas être ouvert : le disque qui le porte est plein (%2 Kio libres). Libérez de la place sur ce disque puis recommencez ; le fichier n&apos;a pas été modifié.</source>
        <translation>%1 cannot be opened: its disk is full (%2 KiB free). Free some space on that disk and try again; the file was not changed.</translation>
    </message>
    <message>
        <source>%1 est sur un support en lecture seule (clé protégée en écriture, disque monté en lecture seule) : Plume écrit son journal à côté du fichier. Copiez-le sur un disque où vous pouvez écrire, puis ouvrez la copie.</source>
        <translation>%1 is on a read-only medium (a write-protected key, a disk mounted read-only): Plume writes its journal next to the file. Copy it to a disk you can write to, then open the copy.</translation>
    </message>
    <message>
        <source>Vous n&apos;avez pas le droit d&apos;écrire dans %1 : Plume écrit son journal à côté du fichier. Ouvrez-le avec le compte qui l&apos;a créé, ou copiez-le dans un dossier à vous.</source>
        <translation>You may not write to %1: Plume writes its journal next to the file. Open it with the account that created it, or copy it to a folder of yours.</translation>
    </message>
    <message>
        <source>%1 : le disque du fichier de bureau est plein ; rien de cette opération n&apos;est enregistré. Libérez de la place sur ce disque puis recommencez. (%2)</source>
        <translation>%1: the station file's disk is full; nothing of this operation is recorded. Free some space on that disk and try again. (%2)</translation>
    </message>
    <message>
        <source>%1 : ce compte ne peut pas écrire le fichier de bureau ou son journal (-wal, -shm), en lecture seule ou à un autre compte ; rien n&apos;est enregistré. Ouvrez-le avec le compte qui l&apos;a créé. (%2)</source>
        <translation>%1: this account cannot write the station file or its journal (-wal, -shm), read-only or another account's; nothing is recorded. Open it with the account that created it. (%2)</translation>
    </message>
    <message>
        <source>%1 : un autre programme (la fenêtre Plume, un autre plumectl) écrit dans le fichier de bureau depuis plus de 5 secondes ; rien de cette opération n&apos;est enregistré. Recommencez dans un moment. (%2)</source>
        <translation>%1: another program (the Plume window, another plumectl) has been writing to the station file for more than 5 seconds; nothing of this operation is recorded. Try again in a moment. (%2)</translation>
    </message>
    <message>
        <source>La page %1 porte déjà la feuille « %2 » : une page ne porte qu&apos;une feuille ; rien n&apos;est ajouté.</source>
        <translation>Page %1 already carries sheet "%2": a page carries one sheet only; nothing is added.</translation>
    </message>
    <message>
        <source>L&apos;envoi %1 n&apos;a plus rien à présenter au siège (livré, ou vidé par un retrait) : rien n&apos;est exporté.</source>
        <translation>Submission %1 has nothing left to offer to headquarters (delivered, or emptied by a withdrawal): nothing is exported.</translation>
    </message>
    <message>
        <source>%1 ne peut pas passer au schéma %2 (%3). Son contenu ne correspond pas à la version de schéma qu&apos;il annonce (%4) : fichier modifié hors de Plume, ou abîmé. Gardez-le tel quel et prévenez le siège ; la mise à jour s&apos;est arrêtée avant le schéma %2.</source>
        <translation>%1 cannot move to schema %2 (%3). Its content does not match the schema version it claims (%4): a file changed outside Plume, or damaged. Keep it as it is and tell headquarters; the update stopped before schema %2.</translation>
    </message>
</context>
<context>
    <name>Submission</name>
    <message>
        <source>« signed » doit contenir exactement uuid, station, kind, version, created_at et payload</source>
        <translation>'signed' must hold exactly uuid, station, kind, version, created_at and payload</translation>
    </message>
    <message>
        <source>« uuid » doit être un UUID en minuscules</source>
        <translation>'uuid' must be a lowercase UUID string</translation>
    </message>
    <message>
        <source>« station » doit être un code de bureau</source>
        <translation>'station' must be a station code</translation>
    </message>
    <message>
        <source>« kind » doit valoir &quot;pv&quot; ou &quot;contacts&quot;</source>
        <translation>'kind' must be "pv" or "contacts"</translation>
    </message>
    <message>
        <source>« version » doit être un entier positif</source>
        <translation>'version' must be a positive integer</translation>
    </message>
    <message>
        <source>« created_at » doit être une date et heure ISO 8601</source>
        <translation>'created_at' must be an ISO 8601 date-time</translation>
    </message>
    <message>
        <source>« payload » doit être un objet</source>
        <translation>'payload' must be an object</translation>
    </message>
    <message>
        <source>Impossible de sceller : %1</source>
        <translation>Cannot seal: %1</translation>
    </message>
    <message>
        <source>l&apos;envoi enregistré n&apos;est pas du JSON</source>
        <translation>stored submission is not JSON</translation>
    </message>
    <message>
        <source>l&apos;envoi enregistré ne correspond pas à son empreinte</source>
        <translation>stored submission does not match its hash</translation>
    </message>
    <message>
        <source>JSON mal formé : %1</source>
        <translation>Malformed JSON: %1</translation>
    </message>
    <message>
        <source>le corps doit être un objet JSON</source>
        <translation>the body must be a JSON object</translation>
    </message>
    <message>
        <source>« format » doit valoir &quot;%1&quot;</source>
        <translation>'format' must be "%1"</translation>
    </message>
    <message>
        <source>le corps doit contenir exactement format, sha256, signature et signed</source>
        <translation>the body must hold exactly format, sha256, signature and signed</translation>
    </message>
    <message>
        <source>« sha256 » doit faire 64 chiffres hexadécimaux en minuscules</source>
        <translation>'sha256' must be 64 lowercase hex digits</translation>
    </message>
    <message>
        <source>« signature » doit être une signature Ed25519 en base64</source>
        <translation>'signature' must be a base64 Ed25519 signature</translation>
    </message>
    <message>
        <source>« signature » n&apos;est pas le base64 de 64 octets</source>
        <translation>'signature' is not valid base64 of 64 bytes</translation>
    </message>
    <message>
        <source>« signed » doit être un objet</source>
        <translation>'signed' must be an object</translation>
    </message>
    <message>
        <source>« signed » ne peut pas être mis en forme canonique : %1</source>
        <translation>'signed' cannot be canonicalised: %1</translation>
    </message>
    <message>
        <source>l&apos;empreinte sha256 ne correspond pas au contenu signé</source>
        <translation>sha256 does not match the signed content</translation>
    </message>
    <message>
        <source>signature invalide</source>
        <translation>bad signature</translation>
    </message>
    <message>
        <source>JSON imbriqué sur plus de %1 niveaux</source>
        <translation>JSON nested more than %1 levels deep</translation>
    </message>
    <message>
        <source>plus de %1 tableaux ou objets JSON</source>
        <translation>more than %1 JSON arrays or objects</translation>
    </message>
    <message>
        <source>plus de %1 valeurs JSON</source>
        <translation>more than %1 JSON values</translation>
    </message>
    <message>
        <source>« signed » doit être reçu tel qu&apos;il a été signé, en JSON canonique (entiers seulement, clés triées, sans espaces)</source>
        <translation>'signed' must be received as it was signed, in canonical JSON (integers only, sorted keys, no spaces)</translation>
    </message>
    <message>
        <source>une clé de l&apos;enveloppe est écrite deux fois ou avec des échappements</source>
        <translation>an envelope key is written twice or with escapes</translation>
    </message>
</context>
<context>
    <name>plume::forms::FormSession</name>
    <message>
        <source>Cette feuille est scellée ou effacée : son encre ne peut plus être barrée.</source>
        <translation>This sheet is sealed or erased: its ink can no longer be struck out.</translation>
    </message>
    <message>
        <source>Ce trait n&apos;est pas sur cette feuille.</source>
        <translation>This stroke is not on this sheet.</translation>
    </message>
    <message>
        <source>Encre refusée : la fiche contact %1 a été effacée faute de consentement ; rien de ce qui s&apos;écrit sur sa page n&apos;est gardé. Prenez une nouvelle fiche.</source>
        <translation>Ink refused: contact sheet %1 was erased for want of consent; nothing written on its page is kept. Take a new sheet.</translation>
    </message>
    <message>
        <source>Encre refusée : la fiche contact %1 a été remise au siège puis effacée du bureau ; rien de ce qui s&apos;écrit sur sa page n&apos;est gardé. Prenez une nouvelle fiche.</source>
        <translation>Ink refused: contact sheet %1 was delivered to headquarters, then erased from the station; nothing written on its page is kept. Take a new sheet.</translation>
    </message>
    <message>
        <source>Encre ajoutée sur le PV scellé : elle est gardée et signalée (« ⚠ encre ajoutée »), et le siège la verra dans toute correction ; le PV scellé ne change pas.</source>
        <translation>Ink added on the sealed report: it is kept and flagged (“⚠ ink added”), and headquarters will see it in any correction; the sealed report does not change.</translation>
    </message>
    <message>
        <source>Encre ajoutée sur la fiche contact %1, déjà envoyée : elle est gardée et signalée, mais la fiche envoyée ne change pas.</source>
        <translation>Ink added on contact sheet %1, already sent: it is kept and flagged, but the sheet sent does not change.</translation>
    </message>
    <message>
        <source>Page %1 au-delà de la dernière fiche contact possible (%2, une par inscrit) : l&apos;encre est gardée, chiffrée, sans ouvrir de fiche.</source>
        <translation>Page %1 is past the last possible contact sheet (%2, one per registered voter): the ink is kept, encrypted, without opening a sheet.</translation>
    </message>
    <message>
        <source>Page %1 inconnue : l&apos;encre est gardée mais n&apos;appartient à aucune feuille.</source>
        <translation>Unknown page %1: the ink is kept but belongs to no sheet.</translation>
    </message>
</context>
<context>
    <name>plume::recognition</name>
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
    <message>
        <source> ; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>lu %1 : une apostrophe ne suit que la première lettre d&apos;un mot</source>
        <translation>read %1: an apostrophe only follows the first letter of a word</translation>
    </message>
    <message>
        <source>d&apos;après l&apos;e-mail</source>
        <translation>from the e-mail</translation>
    </message>
    <message>
        <source>impossible de lire %1 : %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas du JSON valide : %2</source>
        <translation>%1 is not valid JSON: %2</translation>
    </message>
    <message>
        <source>aucun lexique trouvé (voir PLUME_LEXICON_DIR)</source>
        <translation>no lexicons found (see PLUME_LEXICON_DIR)</translation>
    </message>
    <message>
        <source>nom de rue fréquent</source>
        <translation>frequent street name</translation>
    </message>
    <message>
        <source>aucune commune lue dans %1</source>
        <translation>no commune read in %1</translation>
    </message>
    <message>
        <source>lexiques indisponibles (%1) : les fiches contact sont lues sans contexte, bien plus de champs sont à vérifier</source>
        <translation>lexicons unavailable (%1): contact sheets are read without context, far more fields need checking</translation>
    </message>
    <message>
        <source>lecture incertaine (confiance %1 %, ce champ en demande %2 %)</source>
        <translation>uncertain reading (confidence %1 %, this field needs %2 %)</translation>
    </message>
    <message>
        <source>lu %1 : un numéro français commence par 0 puis 1 à 9</source>
        <translation>read %1: a French number starts with 0 then 1 to 9</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas une commune du code postal %2</source>
        <translation>%1 is not a commune of postcode %2</translation>
    </message>
</context>
<context>
    <name>plume::sync::SyncWorker</name>
    <message>
        <source>Le bureau est verrouillé : l&apos;envoi au siège demande sa phrase secrète (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation>The station is locked: sending to headquarters needs its passphrase (--passphrase-file FILE or PLUME_PASSPHRASE_FILE).</translation>
    </message>
    <message>
        <source>réponse du siège trop longue (plus de %1 Kio) : abandonnée, nouvel essai plus tard</source>
        <translation>answer from headquarters too long (over %1 KiB): dropped, will try again later</translation>
    </message>
    <message>
        <source>pas de réponse complète du siège en %1 s : abandonnée, nouvel essai plus tard</source>
        <translation>no complete answer from headquarters within %1 s: dropped, will try again later</translation>
    </message>
    <message>
        <source>Contacts remis au siège mais pas encore effacés de ce poste : %1. Nouvel essai au prochain reçu et au prochain envoi ; « plumectl contacts purge » le fait à la main.</source>
        <translation>Contacts delivered to headquarters but not yet erased from this station: %1. Tried again at the next receipt and the next sync; “plumectl contacts purge” does it by hand.</translation>
    </message>
    <message numerus="yes">
        <source>pas de réponse du siège en %n seconde(s) ; nouvel essai plus tard</source>
        <translation><numerusform>no answer from headquarters in %n second; trying again later</numerusform><numerusform>no answer from headquarters in %n seconds; trying again later</numerusform></translation>
    </message>
    <message>
        <source>HTTP %1 : le siège renvoie vers %2 ; Plume ne suit pas les redirections (vérifiez l&apos;adresse du siège)</source>
        <translation>HTTP %1: headquarters redirects to %2; Plume does not follow redirects (check headquarters' address)</translation>
    </message>
    <message>
        <source> (réponse sans la règle du siège, venue d&apos;un relais : nouvel essai plus tard)</source>
        <translation> (an answer without HQ's rule, from something on the way: trying again later)</translation>
    </message>
</context>
<context>
    <name>plume::ui::Application</name>
    <message>
        <source>Plume doit s&apos;arrêter : le fichier du bureau ne peut plus être lu ou écrit.
%1

Vérifiez-le avec «&#xa0;plumectl db check FICHIER&#xa0;» avant de le rouvrir ; s&apos;il ne se lit plus, rouvrez une copie de sauvegarde et prévenez le siège.</source>
        <translation>Plume must stop: the station file can no longer be read or written.
%1

Check it with “plumectl db check FILE” before opening it again; if it no longer reads, open a backup copy and tell headquarters.</translation>
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
    <message>
        <source>&lt;b&gt;PV scellé&lt;/b&gt; (version %1). Empreinte SHA-256 :&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;</source>
        <translation>&lt;b&gt;Report sealed&lt;/b&gt; (version %1). SHA-256 fingerprint:&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;</translation>
    </message>
    <message numerus="yes">
        <source>Il sera envoyé au siège dès que le réseau le permet ; %n lot(s) de fiches contact en attente.</source>
        <translation><numerusform>It will be sent to headquarters as soon as the network allows; %n batch of contact sheets waiting.</numerusform><numerusform>It will be sent to headquarters as soon as the network allows; %n batches of contact sheets waiting.</numerusform></translation>
    </message>
    <message>
        <source>Nom d&apos;un autre membre présent</source>
        <translation>Name of another official present</translation>
    </message>
    <message>
        <source>Ajouter un membre du bureau présent</source>
        <translation>Add an official present</translation>
    </message>
    <message>
        <source>Ajouter</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>%1 est déjà dans la liste.</source>
        <translation>%1 is already in the list.</translation>
    </message>
    <message>
        <source>L&apos;élection ne liste pas ses membres : ajoutez chacun des autres par son nom, sous la liste.</source>
        <translation>The election lists no officials: add each of the others by name, under the list.</translation>
    </message>
    <message>
        <source>De l&apos;encre a été écrite après la décision : revoyez %1.</source>
        <translation>Ink was written after the decision: review %1.</translation>
    </message>
    <message>
        <source>PV en %1 (*.%2)</source>
        <translation>Report as %1 (*.%2)</translation>
    </message>
    <message>
        <source>✔ PV exporté en %1 : %2</source>
        <translation>✔ Report exported as %1: %2</translation>
    </message>
    <message>
        <source>Siège…</source>
        <translation>Headquarters…</translation>
    </message>
    <message>
        <source>Enregistrer l&apos;adresse du siège, son certificat et sa clé</source>
        <translation>Record headquarters' address, certificate and key</translation>
    </message>
    <message numerus="yes">
        <source>Il attend dans la file d&apos;envoi : la configuration du siège est refusée (%1). Il partira dès qu&apos;elle sera corrigée (bouton « Siège… » ci-dessous, ou &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;). %n lot(s) de fiches contact en attente.</source>
        <translation><numerusform>It waits in the outbox: the headquarters setting is refused (%1). It will leave once it is corrected (the “Headquarters…” button below, or &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;). %n batch of contact sheets waiting.</numerusform><numerusform>It waits in the outbox: the headquarters setting is refused (%1). It will leave once it is corrected (the “Headquarters…” button below, or &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;). %n batches of contact sheets waiting.</numerusform></translation>
    </message>
    <message>
        <source>✔ Siège enregistré : le PV partira vers %1 dès que le réseau le permet.</source>
        <translation>✔ Headquarters recorded: the report will leave for %1 as soon as the network allows.</translation>
    </message>
    <message>
        <source>Contrôles du PV</source>
        <translation>Report checks</translation>
    </message>
    <message>
        <source>Résumé avant le scellement</source>
        <translation>Summary before sealing</translation>
    </message>
    <message>
        <source>Pour pouvoir sceller</source>
        <translation>Before sealing</translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;Les valeurs confirmées ne contredisent aucune règle, mais %n valeur(s) reste(nt) à confirmer : les règles ne sont acquises qu&apos;une fois toutes confirmées.&lt;/p&gt;</source>
        <translation><numerusform>&lt;p&gt;The confirmed values break no rule, but %n value is left to confirm: the rules hold only once every value is confirmed.&lt;/p&gt;</numerusform><numerusform>&lt;p&gt;The confirmed values break no rule, but %n values are left to confirm: the rules hold only once every value is confirmed.&lt;/p&gt;</numerusform></translation>
    </message>
    <message>
        <source>Fichier hors ligne…</source>
        <translation>Offline file…</translation>
    </message>
    <message>
        <source>Sans réseau : un fichier chiffré pour le siège, à lui porter</source>
        <translation>Without network: a file encrypted for headquarters, to take there</translation>
    </message>
    <message numerus="yes">
        <source>Il attend dans la file d&apos;envoi : aucun siège n&apos;est configuré pour ce bureau. Il partira dès que le siège le sera (bouton « Siège… » ci-dessous, ou &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;) ; d&apos;ici là, exportez-le ci-dessous ou faites un fichier hors ligne pour le siège (« Fichier hors ligne… »). %n lot(s) de fiches contact en attente.</source>
        <translation><numerusform>It waits in the outbox: no headquarters is configured for this station. It will leave once headquarters is configured (the “Headquarters…” button below, or &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;); until then, export it below or make an offline file for headquarters (“Offline file…”). %n batch of contact sheets waiting.</numerusform><numerusform>It waits in the outbox: no headquarters is configured for this station. It will leave once headquarters is configured (the “Headquarters…” button below, or &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;); until then, export it below or make an offline file for headquarters (“Offline file…”). %n batches of contact sheets waiting.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) reçu(s) du stylo attend(ent) d&apos;être placé(s) et lu(s) : un instant.</source>
        <translation><numerusform>%n stroke received from the pen is waiting to be placed and read: one moment.</numerusform><numerusform>%n strokes received from the pen are waiting to be placed and read: one moment.</numerusform></translation>
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
        <source>✔ Le bureau sera créé dans %1.</source>
        <translation>✔ The station will be created in %1.</translation>
    </message>
    <message>
        <source>Le bureau n&apos;a pas pu être créé : %1</source>
        <translation>The station could not be created: %1</translation>
    </message>
    <message>
        <source>✔ Le bureau sera créé dans %1 ; le dossier %2, qui n&apos;existe pas encore, sera créé en passant à l&apos;étape suivante.</source>
        <translation>✔ The station will be created in %1; the folder %2, which does not exist yet, will be created when you go to the next step.</translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;existe pas et ne peut pas être créé ici : choisissez un autre emplacement.</source>
        <translation>The folder %1 does not exist and cannot be created here: choose another location.</translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;a pas pu être créé : choisissez un autre emplacement.</source>
        <translation>The folder %1 could not be created: choose another location.</translation>
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
    <message>
        <source>Barrer le trait le plus proche…</source>
        <translation>Strike out the nearest stroke…</translation>
    </message>
    <message>
        <source>%1 → %2 (non confirmé)</source>
        <translation>%1 → %2 (not confirmed)</translation>
    </message>
</context>
<context>
    <name>plume::ui::HqDialog</name>
    <message>
        <source>Siège</source>
        <translation>Headquarters</translation>
    </message>
    <message>
        <source>Où envoyer les PV et les fiches contact, et comment reconnaître le siège. Le siège vous donne son adresse, l&apos;empreinte de son certificat (ou le fichier de son autorité) et sa clé publique (&lt;tt&gt;plume-hq keys show&lt;/tt&gt;).</source>
        <translation>Where reports and contact sheets go, and how to recognise headquarters. Headquarters gives you its address, its certificate's fingerprint (or its authority's file) and its public key (&lt;tt&gt;plume-hq keys show&lt;/tt&gt;).</translation>
    </message>
    <message>
        <source>&amp;Adresse du siège :</source>
        <translation>Headquarters &amp;address:</translation>
    </message>
    <message>
        <source>64 chiffres hexadécimaux</source>
        <translation>64 hexadecimal digits</translation>
    </message>
    <message>
        <source>aucun (l&apos;empreinte suffit)</source>
        <translation>none (the fingerprint is enough)</translation>
    </message>
    <message>
        <source>C&amp;hoisir…</source>
        <translation>C&amp;hoose…</translation>
    </message>
    <message>
        <source>&amp;Retirer</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>ou fichier d&apos;autorité (PEM) :</source>
        <translation>or authority file (PEM):</translation>
    </message>
    <message>
        <source>base64, 44 caractères</source>
        <translation>base64, 44 characters</translation>
    </message>
    <message>
        <source>&amp;Clé publique du siège :</source>
        <translation>Headquarters' public &amp;key:</translation>
    </message>
    <message>
        <source>&amp;Enregistrer</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>celui enregistré dans le bureau</source>
        <translation>the one recorded in the station</translation>
    </message>
    <message>
        <source>la clé publique du siège doit être le base64 de 32 octets d&apos;une clé Ed25519 (plume-hq keys show)</source>
        <translation>headquarters' public key must be the base64 of the 32 bytes of an Ed25519 key (plume-hq keys show)</translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
    <message>
        <source>Fichier d&apos;autorité du siège</source>
        <translation>Headquarters' authority file</translation>
    </message>
    <message>
        <source>Certificats PEM (*.pem *.crt);;Tous les fichiers (*)</source>
        <translation>PEM certificates (*.pem *.crt);;All files (*)</translation>
    </message>
    <message>
        <source>Em&amp;preinte SHA-256 du certificat :</source>
        <translation>Certificate's SHA-256 &amp;fingerprint:</translation>
    </message>
    <message>
        <source>Demandée à nouveau : le siège reçoit les fiches contact, et ses accusés de réception les effacent du bureau.</source>
        <translation>Asked again: headquarters receives the contact sheets, and its receipts erase them from the station.</translation>
    </message>
    <message>
        <source>tapez la phrase secrète du bureau : changer le siège décide où partent les fiches contact</source>
        <translation>type the station passphrase: changing headquarters decides where the contact sheets go</translation>
    </message>
    <message>
        <source>Phrase &amp;secrète du bureau :</source>
        <translation>Station &amp;passphrase:</translation>
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
        <source>Reconnaissance : active</source>
        <translation>Recognition: on</translation>
    </message>
    <message>
        <source>Modèle %1</source>
        <translation>Model %1</translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>&amp;Édition</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>Reprendre la dernière décision</source>
        <translation>Take back the last decision</translation>
    </message>
    <message>
        <source>La dernière décision de la feuille est reprise (gardée dans l&apos;historique) : le champ attend de nouveau un membre du bureau (Ctrl+Z)</source>
        <translation>The sheet's last decision is taken back (kept in the history): the field waits for an official again (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Barrer un trait du champ…</source>
        <translation>Strike out a stroke of the field…</translation>
    </message>
    <message>
        <source>Encre parasite (un clic, une trace de la main) : le trait est barré, gardé et n&apos;est plus lu (Ctrl+B)</source>
        <translation>Stray ink (a click, a mark of the hand): the stroke is struck out, kept and no longer read (Ctrl+B)</translation>
    </message>
    <message numerus="yes">
        <source>%n lot(s) de fiches contact prêt(s) pour le siège.</source>
        <translation><numerusform>%n batch of contact sheets ready for headquarters.</numerusform><numerusform>%n batches of contact sheets ready for headquarters.</numerusform></translation>
    </message>
    <message>
        <source>Fichier du bureau modifié hors de Plume</source>
        <translation>Station file changed outside Plume</translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ Ce fichier du bureau a été modifié hors de Plume.&lt;/b&gt; Le contrôle d&apos;intégrité a trouvé : %1&lt;br&gt;&lt;b&gt;Le PV ne pourra pas être scellé à partir de ce fichier.&lt;/b&gt; Appelez la personne responsable de l&apos;élection, gardez le PV papier et ne modifiez pas le fichier ; &lt;tt&gt;&lt;nobr&gt;plumectl db check&lt;/nobr&gt;&lt;/tt&gt; en donne le détail. Plume n&apos;a rien réparé ni effacé.</source>
        <translation>&lt;b&gt;⚠ This station file was changed outside Plume.&lt;/b&gt; The integrity check found: %1&lt;br&gt;&lt;b&gt;The report cannot be sealed from this file.&lt;/b&gt; Call the person responsible for the election, keep the paper report and do not change the file; &lt;tt&gt;plumectl db check&lt;/tt&gt; gives the detail. Plume repaired and erased nothing.</translation>
    </message>
    <message>
        <source>Tapez le nom du membre du bureau de service.</source>
        <translation>Type the name of the official on duty.</translation>
    </message>
    <message numerus="yes">
        <source>Ce nom est trop long : %n caractères au plus.</source>
        <translation><numerusform>This name is too long: %n character at most.</numerusform><numerusform>This name is too long: %n characters at most.</numerusform></translation>
    </message>
    <message>
        <source>Un nom s&apos;écrit en lettres ; espace, trait d&apos;union, apostrophe, point et parenthèses sont permis.</source>
        <translation>A name is written in letters; spaces, hyphens, apostrophes, full stops and brackets are allowed.</translation>
    </message>
    <message>
        <source>Le fichier de l&apos;élection ne liste aucun membre du bureau. Qui confirme les valeurs ? Tapez son nom (enregistré avec chaque décision).</source>
        <translation>The election file lists no officials. Who confirms the values? Type their name (recorded with every decision).</translation>
    </message>
    <message>
        <source>On écrit sur « %1 » : Ctrl+Page suiv. pour la voir.</source>
        <translation>Someone is writing on “%1”: Ctrl+Page Down to see it.</translation>
    </message>
    <message numerus="yes">
        <source>Corrections du PV scellé en attente, pas encore scellées : %n.</source>
        <translation><numerusform>Pending corrections of the sealed report, not sealed yet: %n.</numerusform><numerusform>Pending corrections of the sealed report, not sealed yet: %n.</numerusform></translation>
    </message>
    <message>
        <source>Si vous quittez maintenant, rien n&apos;en sera gardé.</source>
        <translation>If you quit now, none of them will be kept.</translation>
    </message>
    <message>
        <source>Valeurs non gardées</source>
        <translation>Values not kept</translation>
    </message>
    <message>
        <source>Quitter sans les garder</source>
        <translation>Quit without keeping them</translation>
    </message>
    <message numerus="yes">
        <source>%n correction(s) saisie(s), non confirmée(s) : Entrée pour confirmer, Échap pour abandonner.</source>
        <translation><numerusform>%n correction typed, not confirmed: Enter to confirm, Esc to drop.</numerusform><numerusform>%n corrections typed, not confirmed: Enter to confirm, Esc to drop.</numerusform></translation>
    </message>
    <message>
        <source>« %1 » : %2</source>
        <translation>“%1”: %2</translation>
    </message>
    <message>
        <source>La clôture attend : %1</source>
        <translation>The closing waits: %1</translation>
    </message>
    <message numerus="yes">
        <source>, ✎ %n non confirmée(s)</source>
        <translation><numerusform>, ✎ %n not confirmed</numerusform><numerusform>, ✎ %n not confirmed</numerusform></translation>
    </message>
    <message>
        <source>&amp;Siège…</source>
        <translation>&amp;Headquarters…</translation>
    </message>
    <message>
        <source>Adresse du siège, son certificat et sa clé : où partent les PV et les fiches contact</source>
        <translation>Headquarters' address, certificate and key: where reports and contact sheets go</translation>
    </message>
    <message>
        <source>Siège enregistré : les envois partiront vers %1.</source>
        <translation>Headquarters recorded: submissions will leave for %1.</translation>
    </message>
    <message>
        <source>&amp;Verrouiller</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <source>Cacher les feuilles et leurs valeurs jusqu&apos;à la phrase secrète du bureau (Ctrl+L)</source>
        <translation>Hide the sheets and their values until the station passphrase is typed (Ctrl+L)</translation>
    </message>
    <message>
        <source>Stylo : %1</source>
        <translation>Pen: %1</translation>
    </message>
    <message numerus="yes">
        <source>, %n à taper</source>
        <translation><numerusform>, %n to type</numerusform><numerusform>, %n to type</numerusform></translation>
    </message>
    <message>
        <source>Reconnaissance : sans lexiques</source>
        <translation>Recognition: without lexicons</translation>
    </message>
    <message>
        <source>Qui confirme les valeurs ? Choisissez un nom avec les flèches, puis Entrée (enregistré avec chaque décision).</source>
        <translation>Who confirms the values? Choose a name with the arrow keys, then Enter (recorded with each decision).</translation>
    </message>
    <message numerus="yes">
        <source>La clôture attend que l&apos;encre reçue soit lue (%n trait(s) à placer).</source>
        <translation><numerusform>The closing waits until the ink received is read (%n stroke to place).</numerusform><numerusform>The closing waits until the ink received is read (%n strokes to place).</numerusform></translation>
    </message>
    <message>
        <source>L&apos;encre reçue est lue : la clôture peut s&apos;ouvrir.</source>
        <translation>The ink received is read: the closing can open.</translation>
    </message>
    <message>
        <source>&lt;table cellspacing=&apos;4&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Entrée&lt;/b&gt;&lt;/td&gt;&lt;td&gt;confirmer la valeur et passer au champ suivant qui attend un membre du bureau&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Entrée, Ctrl+Entrée&lt;/b&gt;&lt;/td&gt;&lt;td&gt;valeur douteuse : Entrée montre l&apos;encre agrandie, Ctrl+Entrée garde la valeur après un temps de regard (Entrée seule ne confirme jamais une valeur douteuse)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Taper&lt;/b&gt;&lt;/td&gt;&lt;td&gt;remplacer la valeur (puis Entrée ; le champ quitté sans Entrée garde la saisie, « ✎ non confirmé »)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Échap&lt;/b&gt;&lt;/td&gt;&lt;td&gt;annuler la saisie (une correction non confirmée comprise)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F2 à F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;prendre une autre lecture (en tapant : celles qui commencent par ce qui est tapé ; la lecture d&apos;origine reste proposée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Z&lt;/b&gt;&lt;/td&gt;&lt;td&gt;dans la valeur, défaire d&apos;abord la saisie ; puis reprendre la dernière décision de la feuille (elle reste dans l&apos;historique ; le champ attend de nouveau un membre du bureau)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+B&lt;/b&gt;&lt;/td&gt;&lt;td&gt;barrer un trait parasite du champ (il reste, barré, et n&apos;est plus lu ; aussi clic droit sur la page)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Flèches haut / bas&lt;/b&gt;&lt;/td&gt;&lt;td&gt;changer de champ&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Tab, Maj+Tab&lt;/b&gt;&lt;/td&gt;&lt;td&gt;passer de la liste des champs à la valeur, aux feuilles, au membre de service&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Page suiv. / préc.&lt;/b&gt;&lt;/td&gt;&lt;td&gt;feuille suivante / précédente&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;clôturer et sceller le PV (jamais d&apos;un seul Entrée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Maj+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;corriger le PV scellé (nouvelle version)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+W&lt;/b&gt;&lt;/td&gt;&lt;td&gt;écrire à la souris ou à la tablette&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+plus, Ctrl+moins, Ctrl+0&lt;/b&gt;&lt;/td&gt;&lt;td&gt;agrandir, réduire la page, page entière (aussi Ctrl+molette)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;nouvelle fiche contact&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+P&lt;/b&gt;&lt;/td&gt;&lt;td&gt;appairer un stylo&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+L&lt;/b&gt;&lt;/td&gt;&lt;td&gt;verrouiller la fenêtre (aussi après quelques minutes sans clavier ni souris) ; la phrase secrète du bureau la déverrouille&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F1&lt;/b&gt;&lt;/td&gt;&lt;td&gt;cette aide&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;quitter&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;Le membre de service ne change que par son bouton, en haut.&lt;/p&gt;</source>
        <translation>&lt;table cellspacing='4'&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Enter&lt;/b&gt;&lt;/td&gt;&lt;td&gt;confirm the value and go to the next field waiting for an official&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Enter, Ctrl+Enter&lt;/b&gt;&lt;/td&gt;&lt;td&gt;doubtful value: Enter shows the ink enlarged, Ctrl+Enter keeps the value after a moment's look (Enter alone never confirms a doubtful value)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Typing&lt;/b&gt;&lt;/td&gt;&lt;td&gt;replace the value (then Enter; a field left without Enter keeps what was typed, “✎ not confirmed”)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;cancel the input (an unconfirmed correction included)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F2 to F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;take another reading (while typing: those that start with what is typed; the original reading stays on offer)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Z&lt;/b&gt;&lt;/td&gt;&lt;td&gt;in the value, undo the typing first; then take back the sheet's last decision (it stays in the history; the field waits for an official again)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+B&lt;/b&gt;&lt;/td&gt;&lt;td&gt;strike out stray ink in the field (it stays, struck out, and is no longer read; also right-click on the page)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Up / Down arrows&lt;/b&gt;&lt;/td&gt;&lt;td&gt;change field&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Tab, Shift+Tab&lt;/b&gt;&lt;/td&gt;&lt;td&gt;go from the list of fields to the value, the sheets, the official on duty&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Page Down / Up&lt;/b&gt;&lt;/td&gt;&lt;td&gt;next / previous sheet&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;close and seal the report (never with a single Enter)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Shift+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;correct the sealed report (new version)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+W&lt;/b&gt;&lt;/td&gt;&lt;td&gt;write with the mouse or a tablet&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+plus, Ctrl+minus, Ctrl+0&lt;/b&gt;&lt;/td&gt;&lt;td&gt;enlarge, shrink the page, whole page (also Ctrl+wheel)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;new contact sheet&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+P&lt;/b&gt;&lt;/td&gt;&lt;td&gt;pair a pen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+L&lt;/b&gt;&lt;/td&gt;&lt;td&gt;lock the window (also after a few minutes without keyboard or mouse); the station passphrase unlocks it&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F1&lt;/b&gt;&lt;/td&gt;&lt;td&gt;this help&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;quit&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;The official on duty changes only with its button, at the top.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Fichier &amp;hors ligne pour le siège…</source>
        <translation>&amp;Offline file for headquarters…</translation>
    </message>
    <message>
        <source>Sans réseau : le PV scellé et les fiches contact en attente, chiffrés pour le siège dans un fichier à lui porter</source>
        <translation>Without network: the sealed report and the waiting contact sheets, encrypted for headquarters in a file to take there</translation>
    </message>
    <message>
        <source>Sans réseau, le PV scellé et les fiches contact partent par un fichier hors ligne (Fichier &gt; Fichier hors ligne pour le siège…).</source>
        <translation>Without network, the sealed report and the contact sheets leave in an offline file (File &gt; Offline file for headquarters…).</translation>
    </message>
    <message>
        <source>&amp;Accusés de réception du siège…</source>
        <translation>Headquarters' &amp;receipts…</translation>
    </message>
    <message>
        <source>Le fichier que le siège a écrit en recevant le fichier hors ligne : les envois sont marqués livrés et les fiches contact effacées de ce poste</source>
        <translation>The file headquarters wrote on receiving the offline file: the submissions are marked delivered and the contact sheets erased from this computer</translation>
    </message>
    <message>
        <source>envoyée au siège, effacée du bureau</source>
        <translation>sent to headquarters, erased from the station</translation>
    </message>
    <message>
        <source>⚠ Encre non enregistrée : nouvel essai en cours</source>
        <translation>⚠ Ink not stored: trying again</translation>
    </message>
    <message>
        <source>L&apos;encre n&apos;est pas enregistrée : %1</source>
        <translation>The ink is not stored: %1</translation>
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
    <message>
        <source>Écrire à la souris (Ctrl+W)</source>
        <translation>Write with the mouse (Ctrl+W)</translation>
    </message>
    <message>
        <source>Sans stylo : écrivez dans les cases avec la souris ou une tablette</source>
        <translation>No pen: write in the boxes with the mouse or a tablet</translation>
    </message>
</context>
<context>
    <name>plume::ui::PassphraseFields</name>
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
    <message>
        <source>très faible</source>
        <translation>very weak</translation>
    </message>
    <message>
        <source>faible</source>
        <translation>weak</translation>
    </message>
    <message>
        <source>moyenne</source>
        <translation>fair</translation>
    </message>
    <message>
        <source>bonne</source>
        <translation>good</translation>
    </message>
    <message>
        <source>excellente</source>
        <translation>excellent</translation>
    </message>
    <message>
        <source>moins d&apos;une minute</source>
        <translation>less than a minute</translation>
    </message>
    <message>
        <source>quelques minutes</source>
        <translation>a few minutes</translation>
    </message>
    <message>
        <source>quelques heures</source>
        <translation>a few hours</translation>
    </message>
    <message>
        <source>quelques jours ou semaines</source>
        <translation>a few days or weeks</translation>
    </message>
    <message>
        <source>quelques mois</source>
        <translation>a few months</translation>
    </message>
    <message>
        <source>des années</source>
        <translation>years</translation>
    </message>
    <message>
        <source>des siècles</source>
        <translation>centuries</translation>
    </message>
    <message>
        <source>Solidité de la phrase secrète</source>
        <translation>Strength of the passphrase</translation>
    </message>
    <message>
        <source>Solidité :</source>
        <translation>Strength:</translation>
    </message>
    <message>
        <source>Solidité : &lt;b&gt;%1&lt;/b&gt; (%2 sur 4) — à un essai par seconde, il faudrait %3 pour la deviner.</source>
        <translation>Strength: &lt;b&gt;%1&lt;/b&gt; (%2 out of 4) — at one guess a second, guessing it would take %3.</translation>
    </message>
    <message>
        <source>Tapez-la une seconde fois dans la case du dessous.</source>
        <translation>Type it a second time in the box below.</translation>
    </message>
</context>
<context>
    <name>plume::ui::PassphraseTries</name>
    <message numerus="yes">
        <source>Nouvel essai possible dans %n seconde(s).</source>
        <translation><numerusform>Next try possible in %n second.</numerusform><numerusform>Next try possible in %n seconds.</numerusform></translation>
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
    <message>
        <source>Cette feuille est scellée : ses décisions ne peuvent plus être reprises.</source>
        <translation>This sheet is sealed: its decisions can no longer be taken back.</translation>
    </message>
    <message>
        <source>Aucune décision à reprendre sur cette feuille.</source>
        <translation>No decision to take back on this sheet.</translation>
    </message>
    <message>
        <source>Aucune correction en attente à reprendre.</source>
        <translation>No waiting correction to take back.</translation>
    </message>
    <message>
        <source>Correction reprise : « %1 » garde sa valeur scellée.</source>
        <translation>Correction taken back: “%1” keeps its sealed value.</translation>
    </message>
    <message>
        <source>Cette feuille est scellée : son encre ne peut plus être barrée.</source>
        <translation>This sheet is sealed: its ink can no longer be struck out.</translation>
    </message>
    <message>
        <source>Ce champ n&apos;a pas d&apos;encre à barrer.</source>
        <translation>This field has no ink to strike out.</translation>
    </message>
    <message>
        <source>Trait barré : il reste dans le fichier du bureau et dans l&apos;historique, mais n&apos;est plus lu. « %1 » a été relu.</source>
        <translation>Stroke struck out: it stays in the station file and the history, but is no longer read. “%1” was read again.</translation>
    </message>
    <message>
        <source>⚠ encre ajoutée</source>
        <translation>⚠ ink added</translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ Encre ajoutée après la décision&lt;/b&gt; (« %1 », %2 à %3) : le papier dit peut-être autre chose.</source>
        <translation>&lt;b&gt;⚠ Ink added after the decision&lt;/b&gt; (“%1”, %2 at %3): the paper may now say something else.</translation>
    </message>
    <message>
        <source>La machine lit maintenant « %1 ».</source>
        <translation>The machine now reads “%1”.</translation>
    </message>
    <message>
        <source>Encre en cours de lecture : attendez sa lecture, ou tapez la valeur écrite sur le papier.</source>
        <translation>Ink still being read: wait for its reading, or type the value written on the paper.</translation>
    </message>
    <message>
        <source>Trait barré : il reste dans le fichier du bureau et dans l&apos;historique, mais n&apos;est plus lu. « %1 » a été relu ; sa valeur décidée est reprise : il attend de nouveau un membre du bureau.</source>
        <translation>Stroke struck out: it stays in the station file and in the history, but is no longer read. “%1” was read again; its decided value is taken back: it waits for an official again.</translation>
    </message>
    <message>
        <source>&lt;b&gt;✎ Correction saisie, non confirmée&lt;/b&gt; : &lt;b&gt;Entrée&lt;/b&gt; la confirme, &lt;b&gt;Échap&lt;/b&gt; l&apos;abandonne.</source>
        <translation>&lt;b&gt;✎ Correction typed, not confirmed&lt;/b&gt;: &lt;b&gt;Enter&lt;/b&gt; confirms it, &lt;b&gt;Esc&lt;/b&gt; drops it.</translation>
    </message>
    <message>
        <source>Aucune autre lecture ne commence par « %1 ».</source>
        <translation>No other reading starts with “%1”.</translation>
    </message>
    <message>
        <source>Lectures qui commencent par « %1 » : %2</source>
        <translation>Readings that start with “%1”: %2</translation>
    </message>
    <message>
        <source>La valeur vient de changer : « %1 ». Vérifiez-la sur le papier, puis Entrée de nouveau pour la confirmer.</source>
        <translation>The value has just changed: “%1”. Check it on the paper, then Enter again to confirm it.</translation>
    </message>
    <message>
        <source>Correction saisie abandonnée : « %1 » garde sa valeur.</source>
        <translation>Typed correction dropped: “%1” keeps its value.</translation>
    </message>
    <message>
        <source>L&apos;encre de ce champ a changé depuis votre saisie : la machine n&apos;y lit plus rien. Vérifiez sur le papier, puis Entrée de nouveau pour garder « %1 ».</source>
        <translation>The ink of this field changed since you typed: the machine now reads nothing there. Check the paper, then Enter again to keep “%1”.</translation>
    </message>
    <message>
        <source>L&apos;encre de ce champ a changé depuis votre saisie : la machine lit maintenant « %1 ». Vérifiez sur le papier, puis Entrée de nouveau pour garder « %2 ».</source>
        <translation>The ink of this field changed since you typed: the machine now reads “%1”. Check the paper, then Enter again to keep “%2”.</translation>
    </message>
    <message>
        <source>Les autres lectures viennent de changer : F%1 est maintenant « %2 ». Vérifiez-la, puis F%1 de nouveau pour la prendre.</source>
        <translation>The other readings just changed: F%1 is now “%2”. Check it, then F%1 again to take it.</translation>
    </message>
    <message>
        <source>Corrections non confirmées illisibles : %1</source>
        <translation>Unconfirmed corrections cannot be read: %1</translation>
    </message>
    <message>
        <source>Correction non confirmée gardée dans cette fenêtre seulement : %1</source>
        <translation>Unconfirmed correction kept in this window only: %1</translation>
    </message>
    <message>
        <source>%1 (feuille %2)</source>
        <translation>%1 (sheet %2)</translation>
    </message>
    <message>
        <source>Corrections non confirmées illisibles, écartées (fichier endommagé ?) : %1. Retapez-les si besoin.</source>
        <translation>Unconfirmed corrections that cannot be read, set aside (damaged file?): %1. Type them again if needed.</translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ Encre ajoutée après le scellé&lt;/b&gt; : « %1 » est scellé, le papier dit peut-être autre chose.</source>
        <translation>&lt;b&gt;⚠ Ink added after the seal&lt;/b&gt;: “%1” is sealed, the paper may now say something else.</translation>
    </message>
    <message>
        <source>Reconnaissance indisponible : aucune lecture ne viendra. Tapez la valeur écrite sur le papier, puis Entrée.</source>
        <translation>Recognition unavailable: no reading will come. Type the value written on the paper, then Enter.</translation>
    </message>
    <message>
        <source>Décision reprise : « %1 » (%2) attend de nouveau un membre du bureau ; rien n&apos;est effacé.</source>
        <translation>Decision taken back: “%1” (%2) waits for an official again; nothing is erased.</translation>
    </message>
    <message numerus="yes">
        <source>De l&apos;encre arrive encore (%n trait(s) à placer) : attendez qu&apos;elle soit lue, puis confirmez.</source>
        <translation><numerusform>Ink is still coming in (%n stroke to place): wait until it is read, then confirm.</numerusform><numerusform>Ink is still coming in (%n strokes to place): wait until it is read, then confirm.</numerusform></translation>
    </message>
    <message>
        <source>L&apos;encre reçue est lue : Entrée confirme de nouveau.</source>
        <translation>The ink received is read: Enter confirms again.</translation>
    </message>
    <message>
        <source>Comparez avec l&apos;encre agrandie : &lt;b&gt;Ctrl+Entrée&lt;/b&gt; garde « %1 », sinon tapez la bonne valeur.</source>
        <translation>Compare with the enlarged ink: &lt;b&gt;Ctrl+Enter&lt;/b&gt; keeps “%1”, otherwise type the right value.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Entrée&lt;/b&gt; montre l&apos;encre agrandie ; puis &lt;b&gt;Ctrl+Entrée&lt;/b&gt; garde la valeur décidée.</source>
        <translation>&lt;b&gt;Enter&lt;/b&gt; shows the ink enlarged; then &lt;b&gt;Ctrl+Enter&lt;/b&gt; keeps the value decided.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Entrée&lt;/b&gt; montre l&apos;encre agrandie ; puis &lt;b&gt;Ctrl+Entrée&lt;/b&gt; garde la valeur lue.</source>
        <translation>&lt;b&gt;Enter&lt;/b&gt; shows the ink enlarged; then &lt;b&gt;Ctrl+Enter&lt;/b&gt; keeps the value read.</translation>
    </message>
    <message>
        <source>Lecture douteuse : Entrée seule ne la confirme pas. Comparez avec l&apos;encre agrandie, puis Ctrl+Entrée pour garder « %1 », ou tapez la valeur écrite sur le papier.</source>
        <translation>Doubtful reading: Enter alone does not confirm it. Compare with the enlarged ink, then Ctrl+Enter to keep “%1”, or type the value written on the paper.</translation>
    </message>
    <message>
        <source>Tapez oui (case cochée) ou non (case vide)</source>
        <translation>Type yes (box ticked) or no (box empty)</translation>
    </message>
    <message>
        <source>Ctrl+Entrée ne sert qu&apos;à garder une valeur douteuse : Entrée confirme celle-ci.</source>
        <translation>Ctrl+Enter only keeps a doubtful value: Enter confirms this one.</translation>
    </message>
    <message>
        <source>Prenez le temps de comparer avec l&apos;encre agrandie : Ctrl+Entrée de nouveau garde « %1 ».</source>
        <translation>Take the time to compare with the enlarged ink: Ctrl+Enter again keeps “%1”.</translation>
    </message>
    <message>
        <source>« %1 » vient de s&apos;afficher : regardez sa valeur, puis cliquez de nouveau sur Confirmer.</source>
        <translation>“%1” was just shown: look at its value, then click Confirm again.</translation>
    </message>
    <message>
        <source>Retrait du consentement</source>
        <translation>Consent withdrawn</translation>
    </message>
    <message>
        <source>Cette fiche est déjà dans un lot pour le siège. La retirer du lot et l&apos;effacer ?</source>
        <translation>This sheet is already in a batch for headquarters. Take it out of the batch and erase it?</translation>
    </message>
    <message>
        <source>Retirer et effacer la fiche</source>
        <translation>Withdraw and erase the sheet</translation>
    </message>
    <message numerus="yes">
        <source>%n champ(s) du PV avec de l&apos;encre ajoutée après la décision : à revoir.</source>
        <translation><numerusform>%n report field with ink added after its decision: review it.</numerusform><numerusform>%n report fields with ink added after their decision: review them.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n correction(s) saisie(s) sur le PV, non confirmée(s).</source>
        <translation><numerusform>%n correction typed on the report, not confirmed.</numerusform><numerusform>%n corrections typed on the report, not confirmed.</numerusform></translation>
    </message>
    <message>
        <source>« %1 » vient de s&apos;afficher : comparez avec l&apos;encre agrandie, puis cliquez de nouveau sur Garder.</source>
        <translation>“%1” has just been shown: compare with the enlarged ink, then click Keep again.</translation>
    </message>
    <message>
        <source>Garder « %1 » (Ctrl+Entrée)</source>
        <translation>Keep “%1” (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>« %1 » vient de s&apos;afficher : regardez-le, puis tapez de nouveau.</source>
        <translation>“%1” has just come up: look at it, then type again.</translation>
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
    <message>
        <source>ce bureau est déjà ouvert dans une autre fenêtre Plume (processus %1 sur %2). Fermez-la d&apos;abord : deux fenêtres sur le même fichier se contredisent.</source>
        <translation>this station is already open in another Plume window (process %1 on %2). Close it first: two windows on the same file contradict each other.</translation>
    </message>
    <message>
        <source>impossible de réserver %1 pour cette fenêtre : le verrou %2 ne peut pas être créé (dossier en lecture seule, ou %2 n&apos;est pas un fichier ?)</source>
        <translation>cannot reserve %1 for this window: the lock %2 cannot be created (read-only folder, or %2 is not a file?)</translation>
    </message>
    <message>
        <source>La clé du siège n&apos;est pas connue : enregistrez-la d&apos;abord par « Siège… » (le siège la donne avec plume-hq keys show).</source>
        <translation>Headquarters' key is not known: record it first with “Headquarters…” (headquarters gives it with plume-hq keys show).</translation>
    </message>
</context>
<context>
    <name>plume::ui::StrikeDialog</name>
    <message>
        <source>Barrer de l&apos;encre parasite</source>
        <translation>Strike out stray ink</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; : choisissez le trait à barrer (en rouge). Il reste dans le fichier du bureau et dans l&apos;historique, barré ; il n&apos;est plus lu ni scellé.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: choose the stroke to strike out (in red). It stays in the station file and the history, struck out; it is no longer read or sealed.</translation>
    </message>
    <message>
        <source>Traits du champ</source>
        <translation>Strokes of the field</translation>
    </message>
    <message>
        <source>Raison</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>par exemple : clic en choisissant la case</source>
        <translation>for example: a click while choosing the box</translation>
    </message>
    <message>
        <source>Pourquoi ce trait est-il barré ? (obligatoire)</source>
        <translation>Why is this stroke struck out? (required)</translation>
    </message>
    <message>
        <source>&amp;Barrer ce trait</source>
        <translation>&amp;Strike out this stroke</translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>Trait %1 : %2 mm, écrit à %3</source>
        <translation>Stroke %1: %2 mm, written at %3</translation>
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
    <message>
        <source>Vous pouvez réessayer.</source>
        <translation>You can try again.</translation>
    </message>
</context>
<context>
    <name>plume::ui::WindowLock</name>
    <message>
        <source>Fenêtre verrouillée</source>
        <translation>Window locked</translation>
    </message>
    <message>
        <source>Les feuilles et leurs valeurs sont cachées. Le stylo continue d&apos;enregistrer l&apos;encre ; les envois au siège continuent.</source>
        <translation>The sheets and their values are hidden. The pen keeps recording ink; sending to headquarters goes on.</translation>
    </message>
    <message>
        <source>&amp;Phrase secrète du bureau :</source>
        <translation>Station &amp;passphrase:</translation>
    </message>
    <message>
        <source>Phrase secrète du bureau</source>
        <translation>Station passphrase</translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de phrase secrète connue (démonstration, ou bureau sans phrase secrète) : Entrée suffit pour déverrouiller.</source>
        <translation>This station has no known passphrase (demo, or a station without one): Enter alone unlocks.</translation>
    </message>
    <message>
        <source>&amp;Déverrouiller</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>Bureau « %1 » — %2</source>
        <translation>Station “%1” — %2</translation>
    </message>
    <message>
        <source>Tapez la phrase secrète du bureau, puis Entrée.</source>
        <translation>Type the station passphrase, then Enter.</translation>
    </message>
    <message numerus="yes">
        <source>%1 La fenêtre reste verrouillée (%n essai(s) manqué(s)).</source>
        <translation><numerusform>%1 The window stays locked (%n failed try).</numerusform><numerusform>%1 The window stays locked (%n failed tries).</numerusform></translation>
    </message>
    <message>
        <source>Vous pouvez réessayer.</source>
        <translation>You can try again.</translation>
    </message>
</context>
<context>
    <name>plumectl</name>
    <message>
        <source>Le bureau %1 n&apos;est pas enregistré au siège (%2).</source>
        <translation>Station %1 is not enrolled at headquarters (%2).</translation>
    </message>
    <message>
        <source>Un bureau a toujours une phrase secrète : donnez-la avec --passphrase-file FICHIER (ou PLUME_PASSPHRASE_FILE).</source>
        <translation>A station always has a passphrase: give it with --passphrase-file FILE (or PLUME_PASSPHRASE_FILE).</translation>
    </message>
    <message>
        <source>Phrase secrète du bureau : </source>
        <translation>Station passphrase: </translation>
    </message>
    <message>
        <source>La même, encore une fois : </source>
        <translation>The same, once more: </translation>
    </message>
    <message>
        <source>Les deux phrases secrètes diffèrent.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <source>Ce qu&apos;il faut exporter : pv.</source>
        <translation>What to export: pv.</translation>
    </message>
    <message>
        <source>pdf (à imprimer et signer), csv (tableurs français) ou json (scellé, signé).</source>
        <translation>pdf (to print and sign), csv (French spreadsheets) or json (sealed, signed).</translation>
    </message>
    <message>
        <source>Fichier à écrire.</source>
        <translation>Output file.</translation>
    </message>
    <message>
        <source>Exporte le PV. Les fiches contact ne sont jamais exportées : elles ne vont qu&apos;au siège.</source>
        <translation>Export the PV. Contacts are never exported: they go to headquarters only.</translation>
    </message>
    <message>
        <source>--what pv est le seul export (les fiches contact ne vont qu&apos;au siège, jamais dans un fichier en clair)</source>
        <translation>--what pv is the only export (contacts go to headquarters only, never to a file in clear)</translation>
    </message>
    <message>
        <source>--format doit valoir pdf, csv ou json</source>
        <translation>--format must be pdf, csv or json</translation>
    </message>
    <message>
        <source>--out CHEMIN est obligatoire</source>
        <translation>--out PATH is required</translation>
    </message>
    <message>
        <source>écrit : %1</source>
        <translation>wrote %1</translation>
    </message>
    <message>
        <source>La clé publique Ed25519 du bureau (base64) en laquelle vous avez confiance, par exemple celle de l&apos;enregistrement au siège.</source>
        <translation>The station's Ed25519 public key (base64) that you trust, e.g. from enrolment.</translation>
    </message>
    <message>
        <source>Prend la clé enregistrée au siège (sqlite:CHEMIN ou postgresql://...).</source>
        <translation>Take the key enrolled at headquarters (sqlite:PATH or postgresql://...).</translation>
    </message>
    <message>
        <source>Prend la clé de ce fichier de bureau.</source>
        <translation>Take the key of this station file.</translation>
    </message>
    <message>
        <source>Document du PV scellé.</source>
        <translation>Sealed PV document.</translation>
    </message>
    <message>
        <source>Vérifie un document de PV scellé (export JSON) : « valid » (code 0) seulement pour une clé de confiance ; une signature correcte d&apos;une clé inconnue sort avec le code 3 ; « INVALID: raison » avec le code 1.</source>
        <translation>Verify a sealed PV document (JSON export): 'valid' (exit 0) only for a trusted key; a correct signature by an unknown key exits 3; 'INVALID: reason' exits 1.</translation>
    </message>
    <message>
        <source>donnez exactement un FICHIER.json</source>
        <translation>give exactly one FILE.json</translation>
    </message>
    <message>
        <source>Impossible de lire %1 : %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>le fichier est trop gros pour un document de PV</source>
        <translation>the file is too large for a PV document</translation>
    </message>
    <message>
        <source>Met en file pour le siège, tout de suite, chaque fiche contact confirmée (consentement oui, champs obligatoires décidés).</source>
        <translation>Queue now every confirmed contact sheet (consent oui, required fields decided) for headquarters.</translation>
    </message>
    <message numerus="yes">
        <source>%n fiche(s) contact mise(s) en file</source>
        <translation><numerusform>%n contact sheet queued</numerusform><numerusform>%n contact sheets queued</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n lot(s)</source>
        <translation><numerusform>in %n batch</numerusform><numerusform>in %n batches</numerusform></translation>
    </message>
    <message>
        <source>Écrit les envois en attente dans un fichier chiffré pour la clé du siège, à y porter quand il n&apos;y a pas de réseau (plume-hq import).</source>
        <translation>Write the pending submissions to a file encrypted to headquarters' key, to carry there when there is no network (plume-hq import).</translation>
    </message>
    <message>
        <source>--out FICHIER.plume est obligatoire</source>
        <translation>--out FILE.plume is required</translation>
    </message>
    <message>
        <source>le bureau est verrouillé : donnez --passphrase-file (il faut lire les lots livrés pour trouver leurs fiches)</source>
        <translation>the station is locked: give --passphrase-file (the delivered batches must be read to find their sheets)</translation>
    </message>
    <message numerus="yes">
        <source>%n fiche(s) contact livrée(s) effacée(s)</source>
        <translation><numerusform>purged %n delivered contact sheet</numerusform><numerusform>purged %n delivered contact sheets</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n fiche(s) sans consentement</source>
        <translation><numerusform>%n sheet without consent</numerusform><numerusform>%n sheets without consent</numerusform></translation>
    </message>
    <message>
        <source> (les données sont effacées ; relancez quand la fenêtre de Plume est fermée pour compacter le fichier)</source>
        <translation> (the data is erased; run again when the GUI is closed to compact the file)</translation>
    </message>
    <message>
        <source>Fichier qui contient la nouvelle phrase secrète (par défaut : --passphrase-file pour un bureau qui n&apos;en a pas encore).</source>
        <translation>File holding the new passphrase (default: --passphrase-file on a station that has none yet).</translation>
    </message>
    <message>
        <source>Protège les fiches contact par une phrase secrète du bureau, ou la change (--passphrase-file = l&apos;actuelle).</source>
        <translation>Protect contact data with a station passphrase, or change it (--passphrase-file = current one).</translation>
    </message>
    <message>
        <source>donnez la nouvelle phrase secrète avec --new-passphrase-file</source>
        <translation>give the new passphrase with --new-passphrase-file</translation>
    </message>
    <message>
        <source>les fiches contact sont maintenant protégées par la phrase secrète du bureau</source>
        <translation>contact data is now protected by the station passphrase</translation>
    </message>
    <message>
        <source>phrase secrète du bureau changée</source>
        <translation>station passphrase changed</translation>
    </message>
    <message>
        <source>exporte le PV : --what pv --format pdf|csv|json --out CHEMIN</source>
        <translation>export the PV: --what pv --format pdf|csv|json --out PATH</translation>
    </message>
    <message>
        <source>vérifie un document de PV scellé (export JSON)</source>
        <translation>verify a sealed PV document (JSON export)</translation>
    </message>
    <message>
        <source>envois en attente dans un fichier chiffré pour le siège (sans réseau)</source>
        <translation>pending submissions to a file encrypted to HQ (no network)</translation>
    </message>
    <message>
        <source>met en file pour le siège, tout de suite, chaque fiche contact confirmée</source>
        <translation>queue every confirmed contact sheet for headquarters now</translation>
    </message>
    <message>
        <source>efface du bureau les fiches contact reçues par le siège (les comptes restent)</source>
        <translation>erase acknowledged contacts from the station (counts remain)</translation>
    </message>
    <message>
        <source>protège les fiches contact par une phrase secrète, ou la change</source>
        <translation>protect contact data with a passphrase, or change it</translation>
    </message>
    <message>
        <source>pv ou contact.</source>
        <translation>pv or contact.</translation>
    </message>
    <message>
        <source>PDF à écrire.</source>
        <translation>PDF to write.</translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection (candidats du PV ; par défaut : l&apos;élection de démonstration).</source>
        <translation>Election file (PV candidates; default: the demo election).</translation>
    </message>
    <message>
        <source>Fichier du bureau (son élection, au lieu de --election).</source>
        <translation>Station file (its election, instead of --election).</translation>
    </message>
    <message>
        <source>Produit un formulaire vierge à imprimer sur le papier du stylo.</source>
        <translation>Render a blank form to print on pen paper.</translation>
    </message>
    <message>
        <source>--form doit valoir pv ou contact</source>
        <translation>--form must be pv or contact</translation>
    </message>
    <message>
        <source>--out FICHIER.pdf est obligatoire</source>
        <translation>--out FILE.pdf is required</translation>
    </message>
    <message>
        <source>Fichier d&apos;élection invalide : %1</source>
        <translation>Invalid election file: %1</translation>
    </message>
    <message>
        <source>PV ou fiche contact vierge en PDF</source>
        <translation>Render a blank PV or contact sheet to PDF</translation>
    </message>
    <message>
        <source>reconnaissance indisponible (%1) : les valeurs devront être tapées</source>
        <translation>recogniser not loaded (%1): values must be typed</translation>
    </message>
    <message>
        <source>tcp:HÔTE:PORT, ble:ADRESSE ou replay:FICHIER.</source>
        <translation>tcp:HOST:PORT, ble:ADDRESS or replay:FILE.</translation>
    </message>
    <message>
        <source>Code d&apos;un stylo verrouillé.</source>
        <translation>PIN of a locked pen.</translation>
    </message>
    <message>
        <source>Capture pendant S secondes.</source>
        <translation>Capture for S seconds.</translation>
    </message>
    <message>
        <source>S&apos;arrête après S secondes sans données.</source>
        <translation>Stop after S seconds without data.</translation>
    </message>
    <message>
        <source>Fait aussi entrer les traits dans ce fichier de bureau, comme la fenêtre : page -&gt; feuille -&gt; champ -&gt; lectures (plumectl fields les montre).</source>
        <translation>Also route the strokes into this station file, as the window does: page -&gt; sheet -&gt; field -&gt; readings (plumectl fields shows them).</translation>
    </message>
    <message>
        <source>Capture les traits du stylo en InkML.</source>
        <translation>Capture pen strokes to InkML.</translation>
    </message>
    <message>
        <source>--pen tcp:HÔTE:PORT|ble:ADRESSE est obligatoire</source>
        <translation>--pen tcp:HOST:PORT|ble:ADDRESS is required</translation>
    </message>
    <message>
        <source>donnez soit --duration S, soit --until-idle S</source>
        <translation>give exactly one of --duration S and --until-idle S</translation>
    </message>
    <message>
        <source>la durée doit être un nombre positif de secondes</source>
        <translation>the duration must be a positive number of seconds</translation>
    </message>
    <message>
        <source>adresse BLE « %1 » invalide (ble:AA:BB:CC:DD:EE:FF attendu)</source>
        <translation>bad BLE address '%1' (expected ble:AA:BB:CC:DD:EE:FF)</translation>
    </message>
    <message>
        <source>Impossible d&apos;utiliser %1 : %2</source>
        <translation>Cannot use %1: %2</translation>
    </message>
    <message>
        <source>stylo connecté (%1)</source>
        <translation>pen connected (%1)</translation>
    </message>
    <message>
        <source>stylo : %1</source>
        <translation>pen: %1</translation>
    </message>
    <message>
        <source>reconnexion (essai %1, dans %2 ms)</source>
        <translation>reconnecting (attempt %1, in %2 ms)</translation>
    </message>
    <message>
        <source>le stylo est verrouillé : donnez son code avec --pin</source>
        <translation>the pen is locked: give its PIN with --pin</translation>
    </message>
    <message>
        <source>le stylo a refusé le code (%1 essais sur %2)</source>
        <translation>the pen refused the PIN (%1 of %2 tries used)</translation>
    </message>
    <message>
        <source>tous les traits n&apos;ont pas pu être enregistrés : %1</source>
        <translation>could not store every stroke: %1</translation>
    </message>
    <message>
        <source>Impossible d&apos;écrire %1 : %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>pas de connexion au stylo %1</source>
        <translation>could not connect to the pen at %1</translation>
    </message>
    <message>
        <source>Points décodés pour mesurer le débit.</source>
        <translation>Dots decoded for the throughput.</translation>
    </message>
    <message>
        <source>Sortie pour les machines (JSON).</source>
        <translation>Machine output.</translation>
    </message>
    <message>
        <source>Débit et latence du décodage du stylo.</source>
        <translation>Pen decoding throughput and latency.</translation>
    </message>
    <message>
        <source>--dots doit valoir au moins 1000</source>
        <translation>--dots must be at least 1000</translation>
    </message>
    <message>
        <source>capture les traits d&apos;un stylo (BLE ou simulateur) en InkML</source>
        <translation>Capture strokes from a pen (BLE or simulator) to InkML</translation>
    </message>
    <message>
        <source>débit du décodage du stylo et latence des traits</source>
        <translation>Pen decoding throughput and stroke latency</translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection (JSON).</source>
        <translation>Election configuration (JSON).</translation>
    </message>
    <message>
        <source>Crée un nouveau fichier de bureau (n&apos;écrase jamais), protégé par sa phrase secrète (--passphrase-file, PLUME_PASSPHRASE_FILE, ou demandée au terminal).</source>
        <translation>Create a new station file (never overwrites), protected by its passphrase (--passphrase-file, PLUME_PASSPHRASE_FILE, or asked on the terminal).</translation>
    </message>
    <message>
        <source>--election FICHIER.json est obligatoire</source>
        <translation>--election FILE.json is required</translation>
    </message>
    <message>
        <source>%1 créé pour le bureau %2 (%3)</source>
        <translation>created %1 for station %2 (%3)</translation>
    </message>
    <message>
        <source>Décrit un fichier de bureau.</source>
        <translation>Describe a station file.</translation>
    </message>
    <message>
        <source>Adresse de page du stylo S.O.N.P (facultative).</source>
        <translation>Pen page address S.O.N.P (optional).</translation>
    </message>
    <message>
        <source>Ajoute une feuille et affiche son identifiant (le PV est « pv »).</source>
        <translation>Add a sheet; prints its id (the PV is 'pv').</translation>
    </message>
    <message>
        <source>--form contact est obligatoire (la feuille du PV existe déjà : « pv »)</source>
        <translation>--form contact is required (the PV sheet already exists: 'pv')</translation>
    </message>
    <message>
        <source>--page doit ressembler à 3.27.603.1</source>
        <translation>--page must look like 3.27.603.1</translation>
    </message>
    <message>
        <source>Identifiant de la feuille (par défaut : toutes).</source>
        <translation>Sheet id (default: all).</translation>
    </message>
    <message>
        <source>Liste les champs : lecture, confiance, décision, état.</source>
        <translation>List fields: reading, confidence, decision, state.</translation>
    </message>
    <message>
        <source>Identifiant de la feuille.</source>
        <translation>Sheet id.</translation>
    </message>
    <message>
        <source>Nom du champ.</source>
        <translation>Field name.</translation>
    </message>
    <message>
        <source>Nom du membre du bureau qui décide.</source>
        <translation>Name of the official deciding.</translation>
    </message>
    <message>
        <source>Enregistre la décision d&apos;un membre du bureau sur un champ.</source>
        <translation>Record an official's decision for a field.</translation>
    </message>
    <message>
        <source>--%1 est obligatoire</source>
        <translation>--%1 is required</translation>
    </message>
    <message>
        <source>Nombre de traits à écrire (2000 par défaut).</source>
        <translation>Strokes to write (default 2000).</translation>
    </message>
    <message>
        <source>Traits par seconde (20 par défaut ; 0 = aussi vite que possible).</source>
        <translation>Strokes per second offered (default 20; 0 = as fast as possible).</translation>
    </message>
    <message>
        <source>Délai avant qu&apos;un trait soit durable, par l&apos;écrivain en arrière-plan.</source>
        <translation>Stroke durability latency through the background writer.</translation>
    </message>
    <message>
        <source>--strokes doit être &gt; 0 et --rate &gt;= 0</source>
        <translation>--strokes must be &gt; 0 and --rate &gt;= 0</translation>
    </message>
    <message>
        <source>l&apos;écrivain n&apos;a pas fini : %1</source>
        <translation>the writer did not finish: %1</translation>
    </message>
    <message>
        <source>délai de durabilité d&apos;un trait (mise en file -&gt; écrit sur disque)</source>
        <translation>stroke durability latency (enqueue -&gt; fsync'd commit)</translation>
    </message>
    <message>
        <source>crée un fichier de bureau à partir d&apos;un fichier d&apos;élection</source>
        <translation>create a station file from an election file</translation>
    </message>
    <message>
        <source>intégrité et journal d&apos;audit : affiche ok ou la première ligne fautive</source>
        <translation>integrity and audit chain: prints ok or the first bad row</translation>
    </message>
    <message>
        <source>décrit un fichier de bureau</source>
        <translation>describe a station file</translation>
    </message>
    <message>
        <source>ajoute une fiche contact, affiche son identifiant</source>
        <translation>add a contact sheet, print its id</translation>
    </message>
    <message>
        <source>champs avec lecture, décision et état</source>
        <translation>fields with reading, decision and state</translation>
    </message>
    <message>
        <source>enregistre la décision d&apos;un membre du bureau</source>
        <translation>record an official's decision</translation>
    </message>
    <message>
        <source>ce fichier de bureau n&apos;a pas de paire de clés</source>
        <translation>this station file has no key pair</translation>
    </message>
    <message>
        <source>Membre du bureau qui clôt le PV (un --official par membre).</source>
        <translation>Official closing the PV (repeat for each).</translation>
    </message>
    <message>
        <source>Pourquoi une règle n&apos;est pas respectée ou une valeur manque (va dans les observations), ou pourquoi un PV scellé reçoit une nouvelle version.</source>
        <translation>Why a rule fails or a value is missing (goes into the remarks), or why a sealed PV gets a new version.</translation>
    </message>
    <message>
        <source>Corrige un champ du PV avant de sceller une nouvelle version (répétable ; demande --reason).</source>
        <translation>Correct a PV field before sealing a new version (repeatable; needs --reason).</translation>
    </message>
    <message>
        <source>Vérifie, scelle et signe le PV (une nouvelle version s&apos;il est déjà scellé) ; le met en file pour le siège, avec les fiches contact confirmées.</source>
        <translation>Check, seal and sign the PV (a new version if already sealed); queue it and confirmed contacts for HQ.</translation>
    </message>
    <message>
        <source>--correct attend CHAMP=VALEUR</source>
        <translation>--correct expects FIELD=VALUE</translation>
    </message>
    <message>
        <source>--official NOM est obligatoire (un par membre du bureau)</source>
        <translation>--official NAME is required (repeat for each official)</translation>
    </message>
    <message>
        <source>PV scellé, version %1</source>
        <translation>Sealed PV version %1</translation>
    </message>
    <message>
        <source>expliqué (%1 %2) : %3</source>
        <translation>explained (%1 %2): %3</translation>
    </message>
    <message numerus="yes">
        <source>%n lot(s) de fiches contact mis en file</source>
        <translation><numerusform>queued %n contact batch</numerusform><numerusform>queued %n contact batches</numerusform></translation>
    </message>
    <message>
        <source>fiches contact non mises en lot : %1</source>
        <translation>contacts not batched: %1</translation>
    </message>
    <message>
        <source>Liste les envois et leur état de livraison.</source>
        <translation>List submissions and their delivery state.</translation>
    </message>
    <message>
        <source>UUID de l&apos;envoi.</source>
        <translation>Submission UUID.</translation>
    </message>
    <message>
        <source>Affiche le corps HTTP exact d&apos;un envoi (sans fin de ligne ajoutée dans un tube).</source>
        <translation>Print the exact HTTP body sent for a submission (no newline added when piped).</translation>
    </message>
    <message>
        <source>pas d&apos;envoi %1 dans la file d&apos;envoi</source>
        <translation>no submission %1 in the outbox</translation>
    </message>
    <message>
        <source>Remet en file un envoi refusé, une fois la cause réglée (par exemple le bureau enregistré au siège) ; plumectl sync l&apos;envoie alors de nouveau.</source>
        <translation>Put a rejected submission back in the queue, once the cause is fixed (e.g. the station enrolled at headquarters); plumectl sync then sends it again.</translation>
    </message>
    <message>
        <source>--id UUID est obligatoire</source>
        <translation>--id UUID is required</translation>
    </message>
    <message>
        <source>l&apos;envoi %1 est « %2 », pas refusé : seul un envoi refusé peut être remis en file</source>
        <translation>submission %1 is %2, not rejected: only a rejected submission can be requeued</translation>
    </message>
    <message>
        <source>remis en file : %1 (%2 v%3) ; plumectl sync l&apos;envoie de nouveau</source>
        <translation>requeued %1 (%2 v%3); plumectl sync sends it again</translation>
    </message>
    <message>
        <source>affiche la clé publique Ed25519 du bureau (base64)</source>
        <translation>print the station's Ed25519 public key (base64)</translation>
    </message>
    <message>
        <source>vérifie, scelle et signe le PV ; le met en file pour le siège</source>
        <translation>check, seal and sign the PV; queue it for headquarters</translation>
    </message>
    <message>
        <source>envois et leur état de livraison</source>
        <translation>submissions and their delivery state</translation>
    </message>
    <message>
        <source>affiche le corps HTTP exact d&apos;un envoi</source>
        <translation>print the exact HTTP body of a submission</translation>
    </message>
    <message>
        <source>remet en file un envoi refusé</source>
        <translation>put a rejected submission back in the queue</translation>
    </message>
    <message>
        <source>Fichier du bureau.</source>
        <translation>Station file.</translation>
    </message>
    <message>
        <source>Fichier qui contient la phrase secrète du bureau (par défaut : $PLUME_PASSPHRASE_FILE).</source>
        <translation>File holding the station passphrase (default: $PLUME_PASSPHRASE_FILE).</translation>
    </message>
    <message>
        <source>--db FICHIER est obligatoire</source>
        <translation>--db FILE is required</translation>
    </message>
    <message>
        <source>Utilisation : plumectl &lt;commande&gt; [options]   (plumectl &lt;commande&gt; --help pour le détail)</source>
        <translation>Usage: plumectl &lt;command&gt; [options]   (plumectl &lt;command&gt; --help for details)</translation>
    </message>
    <message>
        <source>Plume %1 - procès-verbaux du bureau de vote au stylo numérique.</source>
        <translation>Plume %1 - polling-station reports from a digital pen.</translation>
    </message>
    <message>
        <source>Commandes :</source>
        <translation>Commands:</translation>
    </message>
    <message>
        <source>commande inconnue « %1 »</source>
        <translation>unknown command '%1'</translation>
    </message>
    <message>
        <source>la raison se donne avec --reason TEXTE, chaque membre du bureau présent avec --official NOM.</source>
        <translation>give the reason with --reason TEXT, and each official present with --official NAME.</translation>
    </message>
    <message>
        <source>La clé du bureau %1 a été révoquée au siège (%2).</source>
        <translation>Station %1's key was revoked at headquarters (%2).</translation>
    </message>
    <message>
        <source>--hq-key doit être le base64 d&apos;une clé de 32 octets</source>
        <translation>--hq-key must be the base64 of a 32-byte key</translation>
    </message>
    <message>
        <source>Caractères permis : digits, upper, lower, alpha, alnum, email, name, all.</source>
        <translation>Characters allowed: digits, upper, lower, alpha, alnum, email, name, all.</translation>
    </message>
    <message>
        <source>Dossier du modèle (par défaut : $PLUME_MODEL_DIR, &lt;exe&gt;/../share/plume/models, dans une construction de développement resources/models des sources).</source>
        <translation>Model directory (default: $PLUME_MODEL_DIR, &lt;exe&gt;/../share/plume/models, in a developer build the source tree's resources/models).</translation>
    </message>
    <message>
        <source>fichier d&apos;élection invalide : %1</source>
        <translation>invalid election file: %1</translation>
    </message>
    <message>
        <source>Autres lectures par caractère (5 par défaut).</source>
        <translation>Alternatives per character (default 5).</translation>
    </message>
    <message>
        <source>Mode page : fichier d&apos;élection pour les candidats du PV (par défaut : la démonstration).</source>
        <translation>Page mode: election file for the PV's candidates (default: demo).</translation>
    </message>
    <message>
        <source>Reconnaît chaque traceGroup d&apos;un fichier InkML comme un caractère (les traits isolés forment un caractère).
L&apos;encre dont les traceGroups portent des adresses de page (et pas de vérité) sur un formulaire connu est lue champ par champ.
Affiche : rang, meilleur caractère, confiance, signalement, autres lectures.</source>
        <translation>Recognises each traceGroup of an InkML file as one character (loose traces form one character).
Ink whose traceGroups carry page addresses (and no truth) on a known form is read field by field.
Prints: index, best character, confidence, flag, alternatives.</translation>
    </message>
    <message>
        <source>recognize attend un seul fichier InkML</source>
        <translation>recognize needs exactly one InkML file</translation>
    </message>
    <message>
        <source>jeu de caractères inconnu : « %1 »</source>
        <translation>unknown charset '%1'</translation>
    </message>
    <message>
        <source>--n attend un nombre positif</source>
        <translation>--n needs a positive number</translation>
    </message>
    <message>
        <source>Dossier où chercher les *.inkml (sous-dossiers compris).</source>
        <translation>Folder searched recursively for *.inkml.</translation>
    </message>
    <message>
        <source>Scripteurs à utiliser : all (par défaut), val ou train, selon la répartition des scripteurs du modèle.</source>
        <translation>Writers to use: all (default), val or train, by the model's writer split (sidecar).</translation>
    </message>
    <message>
        <source>Nombre de confusions à afficher (20 par défaut).</source>
        <translation>How many confusions to print (default 20).</translation>
    </message>
    <message>
        <source>Écarte les fragments de segmentation : un seul trait droit étiqueté comme un chiffre ou une lettre que personne n&apos;écrit d&apos;un trait droit (une barre seule étiquetée 4 ou B). Comptés et signalés.</source>
        <translation>Leave out segmentation fragments: one straight stroke labelled as a digit or letter that no one can write as a straight line (a lone bar labelled 4 or B). Counted and reported.</translation>
    </message>
    <message>
        <source>Évalue le lecteur sur des échantillons de caractères InkML : chaque traceGroup annoté (vérité) est un échantillon.
Sans --charset, chaque échantillon est lu avec le jeu de sa vérité : digits pour 0-9, upper pour A-Z, lower pour a-z, all sinon. Les échantillons hors du jeu sont écartés.
Un échantillon est signalé quand sa confiance est sous le seuil du modèle pour son jeu.
Dernière ligne : accuracy=... n=... flagged=... flagged_error_recall=...</source>
        <translation>Evaluates the recogniser on InkML character samples: each traceGroup with a truth annotation is one sample.
Without --charset, each sample is read with the charset of its truth: digits for 0-9, upper for A-Z, lower for a-z, all otherwise. Samples whose truth is outside the charset are skipped.
A sample is flagged when its confidence is below the model's character threshold for its charset.
Last line: accuracy=... n=... flagged=... flagged_error_recall=...</translation>
    </message>
    <message>
        <source>eval attend --data DOSSIER</source>
        <translation>eval needs --data DIR</translation>
    </message>
    <message>
        <source>--split doit valoir all, val ou train</source>
        <translation>--split must be all, val or train</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un dossier</source>
        <translation>%1 is not a folder</translation>
    </message>
    <message>
        <source>%1 écarté : %2</source>
        <translation>skipping %1: %2</translation>
    </message>
    <message>
        <source>aucun échantillon annoté (vérité) sous %1</source>
        <translation>no samples with a truth annotation under %1</translation>
    </message>
    <message>
        <source>Caractères à chronométrer (500 par défaut).</source>
        <translation>Characters to time (default 500).</translation>
    </message>
    <message>
        <source>Chronomètre le lecteur sur un cœur : chargement du modèle, latence p50/p99 par caractère et par champ (code postal de 5 cases) prétraitement compris, chargement des lexiques, fiches contact lues en contexte par FormSession (lectures enregistrées ; trait par trait comme le stylo les écrit, et fiches entières comme plumectl recognize lit un fichier), mémoire maximale (VmHWM). Encre synthétique déterministe.</source>
        <translation>Times the recogniser on one core: model load, per-character and per-field (5-box postcode) latency p50/p99 including preprocessing, lexicon load, contact sheets read in context through FormSession (readings stored; stroke by stroke as the pen writes them, and whole sheets at once as plumectl recognize reads a file), peak memory (VmHWM). Uses deterministic synthetic ink.</translation>
    </message>
    <message>
        <source>--n attend un nombre &gt;= 10</source>
        <translation>--n needs a number &gt;= 10</translation>
    </message>
    <message>
        <source>la classification a échoué</source>
        <translation>classification failed</translation>
    </message>
    <message>
        <source>pas de lexiques ni de fiche contact pour la mesure des fiches contact</source>
        <translation>no lexicons or contact form for the contact-sheet bench</translation>
    </message>
    <message>
        <source>reconnaît les caractères d&apos;un fichier InkML</source>
        <translation>Recognise the characters of an InkML file</translation>
    </message>
    <message>
        <source>exactitude du lecteur sur des échantillons InkML annotés</source>
        <translation>Accuracy of the recogniser on InkML samples with truth</translation>
    </message>
    <message>
        <source>latence du lecteur, temps de chargement et mémoire maximale</source>
        <translation>Recogniser latency, load time and peak memory</translation>
    </message>
    <message>
        <source>exactitude et signalements par champ sur des PV et fiches contact synthétisés (scripteurs de validation)</source>
        <translation>Field-level accuracy and flags on synthesised PVs and contact sheets of validation writers</translation>
    </message>
    <message>
        <source>Clé publique Ed25519 du siège, en base64 (affichée par plume-hq keys show) : elle vérifie les accusés de réception et chiffre les fichiers hors ligne.</source>
        <translation>Headquarters' Ed25519 public key, base64 (printed by plume-hq keys show): receipts are checked with it, offline files encrypted to it.</translation>
    </message>
    <message>
        <source>--hq-key doit être le base64 de la clé publique Ed25519 du siège, 32 octets (plume-hq keys show)</source>
        <translation>--hq-key must be the base64 of HQ's 32-byte Ed25519 public key (plume-hq keys show)</translation>
    </message>
    <message>
        <source>Adresse (URL) de base du siège.</source>
        <translation>Headquarters base URL.</translation>
    </message>
    <message>
        <source>SHA-256 (hexadécimal) du certificat du siège (DER).</source>
        <translation>SHA-256 (hex) of HQ's certificate (DER).</translation>
    </message>
    <message>
        <source>Fichier PEM de l&apos;autorité qui signe le certificat du siège.</source>
        <translation>PEM file of the CA that signs HQ's certificate.</translation>
    </message>
    <message>
        <source>Enregistre l&apos;adresse du siège, comment lui faire confiance (empreinte TLS ou fichier d&apos;autorité ; http simple seulement en local) et sa clé.</source>
        <translation>Set headquarters' URL, how to trust it (TLS pin or CA file; plain http only to loopback) and its key.</translation>
    </message>
    <message>
        <source>Enregistre la clé publique Ed25519 du siège (comme station set-hq --hq-key).</source>
        <translation>Record headquarters' Ed25519 public key (as station set-hq --hq-key).</translation>
    </message>
    <message>
        <source>clé du siège enregistrée</source>
        <translation>headquarters' key recorded</translation>
    </message>
    <message>
        <source>Adresse du siège (par défaut : celle de station set-hq).</source>
        <translation>Headquarters URL (default: set with station set-hq).</translation>
    </message>
    <message>
        <source>Un essai par envoi en file, puis fin (0 quand il ne reste rien à envoyer).</source>
        <translation>One attempt per queued submission, then exit (0 when nothing is left to send).</translation>
    </message>
    <message>
        <source>Envoie la file d&apos;envoi au siège.</source>
        <translation>Send the outbox to headquarters.</translation>
    </message>
    <message>
        <source>enregistre l&apos;adresse du siège et son empreinte TLS ou son autorité</source>
        <translation>set headquarters' URL and TLS pin or CA file</translation>
    </message>
    <message>
        <source>enregistre la clé publique Ed25519 du siège (accusés de réception, fichiers hors ligne)</source>
        <translation>record HQ's Ed25519 public key (receipts, offline files)</translation>
    </message>
    <message>
        <source>envoie la file d&apos;envoi au siège (--once : un passage)</source>
        <translation>send the outbox to headquarters (--once: one pass)</translation>
    </message>
    <message>
        <source>impossible d&apos;écrire %1 : %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>Synthétise des PV et des fiches contact avec les caractères des scripteurs de validation placés dans les cases des modèles (60-80 % de la hauteur de case, adresses de page et Ncode comme le stylo les envoie), les lit en mode page (la FormSession de la fenêtre) et affiche, par type de champ : justes, signalés, justes mais signalés, faux non signalés ; puis de même pour les valeurs rares (noms, rues, parties locales de courriel qu&apos;aucun lexique ne contient). Déterministe pour un --seed.
Dernière ligne : pv_all_right=... contact_sheets_all_right=... contact_fields_right=... right_flagged=... unflagged_wrong=... (right_flagged : champs de fiche justes mais signalés ; unflagged_wrong : faux non signalés, sur tous les champs).</source>
        <translation>Synthesises PVs and contact sheets from validation writers' characters placed in the template boxes (60-80 % of the box height, page addresses and Ncode as the pen sends them), reads them through page mode (the window's FormSession) and prints, per field type: right, flagged, right but flagged, wrong and unflagged; then the same for long-tail values (names, streets, e-mail local parts that no lexicon holds). Deterministic for a --seed.
Last line: pv_all_right=... contact_sheets_all_right=... contact_fields_right=... right_flagged=... unflagged_wrong=... (right_flagged: right contact fields flagged; unflagged_wrong: wrong and unflagged, of all fields).</translation>
    </message>
    <message>
        <source>eval-sheets attend --data DOSSIER</source>
        <translation>eval-sheets needs --data DIR</translation>
    </message>
    <message>
        <source>--seed, --pvs, --sheets et --show-errors attendent des nombres</source>
        <translation>--seed, --pvs, --sheets and --show-errors need numbers</translation>
    </message>
    <message>
        <source>eval-sheets a besoin des lexiques (resources/lexicons)</source>
        <translation>eval-sheets needs the lexicons (resources/lexicons)</translation>
    </message>
    <message>
        <source>aucun échantillon de scripteur de validation sous %1/unipen</source>
        <translation>no validation writer's samples under %1/unipen</translation>
    </message>
    <message>
        <source>attention : la clé du siège n&apos;est pas enregistrée : aucun accusé de réception ne sera accepté tant que --hq-key B64 n&apos;est pas donnée (plume-hq keys show)</source>
        <translation>warning: headquarters' key is not recorded: no receipt can be accepted until you give --hq-key B64 (plume-hq keys show)</translation>
    </message>
    <message>
        <source>attention : la clé du siège n&apos;est pas enregistrée : rien ne peut être marqué livré ; lancez plumectl station set-hq --db FICHIER --hq URL --hq-key B64 (plume-hq keys show)</source>
        <translation>warning: headquarters' key is not recorded: nothing can be marked delivered; run plumectl station set-hq --db FILE --hq URL --hq-key B64 (plume-hq keys show)</translation>
    </message>
    <message>
        <source>%1 est le fichier du bureau : --out et --record doivent nommer d&apos;autres fichiers.</source>
        <translation>%1 is the station file: --out and --record must name other files.</translation>
    </message>
    <message>
        <source>Formulaire : contact.</source>
        <translation>Form: contact.</translation>
    </message>
    <message>
        <source>Les données d&apos;écriture (../shared/data).</source>
        <translation>The handwriting data (../shared/data).</translation>
    </message>
    <message>
        <source>Graine aléatoire (1 par défaut).</source>
        <translation>Random seed (default 1).</translation>
    </message>
    <message>
        <source>PV à synthétiser (200 par défaut).</source>
        <translation>PVs to synthesise (default 200).</translation>
    </message>
    <message>
        <source>Fiches contact à synthétiser (200 par défaut).</source>
        <translation>Contact sheets to synthesise (default 200).</translation>
    </message>
    <message>
        <source>Affiche au plus n lectures fausses (0 par défaut).</source>
        <translation>Print up to n wrong readings (default 0).</translation>
    </message>
    <message>
        <source>Lit sans seuils de confiance et écrit les seuils de champ qui signalent au moins 99 % des lectures fausses de chaque type.</source>
        <translation>Read without confidence thresholds and write the field thresholds that flag &gt;= 99 % of each type's wrong readings.</translation>
    </message>
    <message>
        <source>Dossier du modèle.</source>
        <translation>Model directory.</translation>
    </message>
    <message>
        <source>Écrit aussi l&apos;encre synthétisée (pv-N.inkml, contacts.inkml) dans DIR, pour `plumectl recognize FICHIER --json`.</source>
        <translation>Also write the synthesised ink (pv-N.inkml, contacts.inkml) to DIR, for `plumectl recognize FILE --json`.</translation>
    </message>
    <message>
        <source>Fichier InkML.</source>
        <translation>InkML file.</translation>
    </message>
    <message>
        <source>Le fichier du bureau %1 ne passe pas le contrôle d&apos;intégrité (%2) : sa clé ne peut pas servir de référence.</source>
        <translation>The station file %1 fails its integrity check (%2): its key cannot serve as the reference.</translation>
    </message>
    <message>
        <source>Le fichier %1 est celui du bureau %2, le document est signé pour le bureau %3.</source>
        <translation>File %1 is station %2's, the document is signed for station %3.</translation>
    </message>
    <message>
        <source>Vérifie l&apos;intégrité et le journal d&apos;audit (ses sceaux avec la phrase secrète ; sans elle, contrôle partiel : code 3).</source>
        <translation>Check integrity and the audit log (its seals with the passphrase; without it, a partial check: exit 3).</translation>
    </message>
    <message>
        <source>contrôle partiel : sans la phrase secrète du bureau, les sceaux du journal d&apos;audit ne sont pas vérifiés (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation>partial check: without the station passphrase, the audit log's seals are not checked (--passphrase-file FILE or PLUME_PASSPHRASE_FILE).</translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : capture --db demande sa phrase secrète (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation>The station is locked: capture --db needs its passphrase (--passphrase-file FILE or PLUME_PASSPHRASE_FILE).</translation>
    </message>
    <message>
        <source>sans la phrase secrète du bureau (PLUME_PASSPHRASE_FILE), le contrôle de %1 est partiel : sa clé ne peut pas servir de référence.</source>
        <translation>without the station passphrase (PLUME_PASSPHRASE_FILE), the check of %1 is partial: its key cannot be trusted.</translation>
    </message>
    <message>
        <source>%1 a un schéma plus ancien que ce Plume : lu sur une copie mise à jour, le fichier lui-même n&apos;a pas été modifié.</source>
        <translation>%1 has an older schema than this Plume: it was read through an upgraded copy, the file itself was not changed.</translation>
    </message>
    <message>
        <source>comparez cette clé avec celle du bureau enregistrée au siège, ou donnez --public-key, --hq-db ou --station-db.</source>
        <translation>compare this key with the station's key enrolled at headquarters, or give --public-key, --hq-db or --station-db.</translation>
    </message>
    <message numerus="yes">
        <source>%n envoi(s) écrit(s) dans %1 (chiffré(s) pour le siège ; il(s) reste(nt) en file jusqu&apos;à l&apos;accusé de réception)</source>
        <translation><numerusform>wrote %n submission to %1 (encrypted to headquarters; it stays queued until a receipt comes)</numerusform><numerusform>wrote %n submissions to %1 (encrypted to headquarters; they stay queued until a receipt comes)</numerusform></translation>
    </message>
    <message>
        <source>donnez la phrase secrète actuelle avec --passphrase-file FICHIER (la nouvelle avec --new-passphrase-file FICHIER)</source>
        <translation>give the current passphrase with --passphrase-file FILE (the new one with --new-passphrase-file FILE)</translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier InkML lisible (%2) : plumectl recognize lit l&apos;encre qu&apos;écrit plumectl capture --out.</source>
        <translation>%1 is not a readable InkML file (%2): plumectl recognize reads the ink that plumectl capture --out writes.</translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;existe pas : créez-le d&apos;abord, ou donnez à --db un chemin dans un dossier qui existe.</source>
        <translation>The folder %1 does not exist: create it first, or give --db a path in a folder that exists.</translation>
    </message>
    <message>
        <source>Pas de feuille « %1 » dans ce bureau ; ses feuilles : %2.</source>
        <translation>No sheet '%1' in this station; its sheets: %2.</translation>
    </message>
    <message>
        <source>La feuille « %1 » (formulaire %2) n&apos;a pas de champ « %3 » ; ses champs : %4.</source>
        <translation>Sheet '%1' (form %2) has no field '%3'; its fields: %4.</translation>
    </message>
    <message>
        <source>Le PV est scellé : il se corrige par une nouvelle version, avec plumectl close --correct %1=VALEUR --reason TEXTE et deux --official NOM.</source>
        <translation>The report is sealed: it is corrected by a new version, with plumectl close --correct %1=VALUE --reason TEXT and two --official NAME.</translation>
    </message>
    <message>
        <source>Le fichier de bureau %1 n&apos;existe pas : vérifiez le chemin donné à --db (un nouveau bureau se crée avec « plumectl station init --db FICHIER --election FICHIER.json »).</source>
        <translation>The station file %1 does not exist: check the path given to --db (a new station is created with “plumectl station init --db FILE --election FILE.json”).</translation>
    </message>
    <message>
        <source>Codes de sortie : 0 réussite, 1 échec, 2 erreur d&apos;utilisation, 3 signature d&apos;une clé non vérifiée (verify) ou contrôle partiel sans la phrase secrète (db check).</source>
        <translation>Exit codes: 0 ok, 1 failure, 2 usage error, 3 signature by an unverified key (verify) or partial check without the passphrase (db check).</translation>
    </message>
    <message>
        <source>le siège a refusé l&apos;envoi %1, qui reste gardé dans la file d&apos;envoi. Une fois la cause corrigée (par exemple le bureau enregistré au siège), remettez-le en file avec « plumectl outbox requeue --db %2 --id %1 », puis relancez plumectl sync.</source>
        <translation>headquarters refused submission %1, which stays kept in the outbox. Once the cause is fixed (for example the station enrolled at headquarters), put it back in the queue with “plumectl outbox requeue --db %2 --id %1”, then run plumectl sync again.</translation>
    </message>
    <message>
        <source>« %1 » demande une sous-commande :</source>
        <translation>“%1” needs a subcommand:</translation>
    </message>
    <message>
        <source>commande inconnue « %1 » ; les commandes « %2 » :</source>
        <translation>unknown command “%1”; the “%2” commands:</translation>
    </message>
    <message numerus="yes">
        <source>%n correction(s) non confirmée(s) illisible(s) (écrite(s) hors de Plume ?) : plumectl drafts drop --unreadable les écarte.</source>
        <translation><numerusform>%n unconfirmed correction cannot be read (written outside Plume?): plumectl drafts drop --unreadable sets it aside.</numerusform><numerusform>%n unconfirmed corrections cannot be read (written outside Plume?): plumectl drafts drop --unreadable sets them aside.</numerusform></translation>
    </message>
    <message>
        <source>Liste les corrections tapées dans la fenêtre et non confirmées (une ligne : feuille, champ, texte).</source>
        <translation>List the corrections typed in the window and not confirmed (one line each: sheet, field, text).</translation>
    </message>
    <message>
        <source>Écarte les corrections illisibles (écrites hors de Plume), de toute feuille.</source>
        <translation>Drop the unreadable corrections (written outside Plume), of every sheet.</translation>
    </message>
    <message>
        <source>Abandonne une correction non confirmée (comme Échap dans la fenêtre) : --sheet ID --field NOM, ou --unreadable.</source>
        <translation>Drop a correction that was not confirmed (as Escape in the window): --sheet ID --field NAME, or --unreadable.</translation>
    </message>
    <message>
        <source>donnez --sheet ID --field NOM, ou --unreadable</source>
        <translation>give --sheet ID --field NAME, or --unreadable</translation>
    </message>
    <message>
        <source>Pas de correction non confirmée sur le champ « %1 » de la feuille « %2 ».</source>
        <translation>No unconfirmed correction on field '%1' of sheet '%2'.</translation>
    </message>
    <message>
        <source>corrections tapées dans la fenêtre et non confirmées</source>
        <translation>corrections typed in the window and not confirmed</translation>
    </message>
    <message>
        <source>abandonne une correction non confirmée (comme Échap)</source>
        <translation>drop a correction that was not confirmed (as Escape)</translation>
    </message>
    <message>
        <source>Efface du bureau les fiches contact dont le siège a accusé réception, et ce qui reste des fiches sans consentement ; une fois le PV scellé, aussi les fiches dont le consentement n&apos;est pas « oui » et l&apos;encre écrite hors des fiches ; puis compacte le fichier. Les comptes restent.</source>
        <translation>Erases from the station the contact sheets headquarters acknowledged, and what is left of sheets without consent; once the report is sealed, also the sheets whose consent is not “oui” and the ink written outside any sheet; then compacts the file. The counts remain.</translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) écrit(s) hors des fiches effacé(s)</source>
        <translation><numerusform>%n stroke written outside any sheet erased</numerusform><numerusform>%n strokes written outside any sheet erased</numerusform></translation>
    </message>
    <message>
        <source>Fichier InkML à écrire (toute l&apos;encre en clair, fiches contact comprises ; facultatif avec --db).</source>
        <translation>InkML file to write (all the ink in clear, contact sheets included; optional with --db).</translation>
    </message>
    <message>
        <source>--out FICHIER.inkml (ou --db FICHIER) est obligatoire</source>
        <translation>--out FILE.inkml (or --db FILE) is required</translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) déjà enregistré(s), reçu(s) de nouveau : gardé(s) une seule fois</source>
        <translation><numerusform>%n stroke already stored, received again: kept once</numerusform><numerusform>%n strokes already stored, received again: kept once</numerusform></translation>
    </message>
    <message>
        <source>Chronomètre aussi chaque page de ce fichier InkML lue entière (l&apos;écriture réelle des fiches de `plumectl eval-sheets --write-ink`).</source>
        <translation>Also times each page of this InkML file read whole (the real handwriting of the sheets `plumectl eval-sheets --write-ink` writes).</translation>
    </message>
    <message>
        <source>%1 : %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>aucun trait à lire</source>
        <translation>no stroke to read</translation>
    </message>
    <message>
        <source>Lit chaque champ seul, sans lexique ni contexte, comme un poste dont les lexiques manquent (les valeurs sont tirées des lexiques comme d&apos;habitude).</source>
        <translation>Reads each field alone, without lexicons or context, as a station whose lexicons are missing (values are drawn from the lexicons as usual).</translation>
    </message>
    <message>
        <source>Valeur tapée (par défaut : confirmer la lecture, si elle n&apos;est pas douteuse).</source>
        <translation>Typed value (by default: confirm the reading, unless it is doubtful).</translation>
    </message>
    <message>
        <source>%1/%2 : la lecture est douteuse, rien n&apos;est enregistré. Regardez l&apos;encre sur le papier, puis tapez ce qui y est écrit avec --value.</source>
        <translation>%1/%2: the reading is doubtful; nothing was recorded. Look at the ink on the paper, then type what is written there with --value.</translation>
    </message>
    <message>
        <source>Remplace la paire de clés du bureau (clé volée, ou phrase secrète d&apos;une copie divulguée) : les envois que le siège n&apos;a pas reçus sont signés de nouveau ; la dernière ligne est la nouvelle clé publique, à inscrire au siège (plume-hq stations add --replace).</source>
        <translation>Replaces the station's key pair (key stolen, or the passphrase of a copy leaked): the items headquarters has not received are signed again; the last line is the new public key, to enrol at headquarters (plume-hq stations add --replace).</translation>
    </message>
    <message>
        <source>le bureau est verrouillé : donnez --passphrase-file (la nouvelle clé secrète est chiffrée avec elle)</source>
        <translation>the station is locked: give --passphrase-file (the new secret key is encrypted with it)</translation>
    </message>
    <message numerus="yes">
        <source>Nouvelle clé du bureau %1 ; %n envoi(s) non livré(s) signé(s) de nouveau. Au siège : plume-hq stations add --station %1 --public-key CLÉ --replace</source>
        <translation><numerusform>New key for station %1; %n undelivered item signed again. At headquarters: plume-hq stations add --station %1 --public-key KEY --replace</numerusform><numerusform>New key for station %1; %n undelivered items signed again. At headquarters: plume-hq stations add --station %1 --public-key KEY --replace</numerusform></translation>
    </message>
    <message>
        <source>remplace la paire de clés du bureau et signe de nouveau ce qui n&apos;est pas livré</source>
        <translation>replaces the station's key pair and signs again what is not delivered</translation>
    </message>
    <message>
        <source>%1 retenue : une correction tapée n&apos;y est pas confirmée (plumectl drafts list, drafts drop)</source>
        <translation>%1 held back: a typed correction on it is not confirmed (plumectl drafts list, drafts drop)</translation>
    </message>
    <message>
        <source>Enregistre les octets bruts du stylo (journal rejouable ; toute l&apos;encre en clair, fiches contact comprises, mode 0600).</source>
        <translation>Record the pen's raw bytes (a replayable log; all the ink in clear, contact sheets included, mode 0600).</translation>
    </message>
    <message>
        <source>l&apos;envoi %1 n&apos;a plus de contenu : ses contacts ont été effacés après leur remise au siège</source>
        <translation>item %1 has no content left: its contacts were erased once headquarters received them</translation>
    </message>
    <message>
        <source>contacts remis au siège mais pas encore effacés : %1 (plumectl contacts purge)</source>
        <translation>contacts handed to headquarters but not erased yet: %1 (plumectl contacts purge)</translation>
    </message>
    <message>
        <source>Fichier d&apos;accusés de réception écrit par plume-hq import --receipts.</source>
        <translation>Receipts file written by plume-hq import --receipts.</translation>
    </message>
    <message>
        <source>Enregistre les accusés de réception d&apos;une remise hors ligne : chaque envoi reçu par le siège est marqué livré, et les fiches contact qu&apos;il portait sont effacées du bureau.</source>
        <translation>Record the receipts of an offline delivery: each submission headquarters received is marked delivered, and the contact sheets it carried are erased from the station.</translation>
    </message>
    <message>
        <source>--file FICHIER est obligatoire</source>
        <translation>--file FILE is required</translation>
    </message>
    <message>
        <source>accusés de réception d&apos;une remise hors ligne : envois livrés, contacts effacés</source>
        <translation>receipts of an offline delivery: items delivered, contacts erased</translation>
    </message>
    <message>
        <source>capture interrompue : les traits reçus sont gardés</source>
        <translation>capture interrupted: the strokes received are kept</translation>
    </message>
    <message>
        <source>paquets du stylo ignorés : %1 inconnus ou mal formés, %2 refus de commande</source>
        <translation>pen packets ignored: %1 unknown or malformed, %2 refused commands</translation>
    </message>
    <message>
        <source>PV du bureau %1, version %2</source>
        <translation>PV of station %1, version %2</translation>
    </message>
    <message>
        <source>mot en trop : « %1 » (une valeur avec des espaces se met entre guillemets)</source>
        <translation>unexpected word: “%1” (quote a value that holds spaces)</translation>
    </message>
    <message>
        <source>l&apos;option --%1 est donnée plusieurs fois</source>
        <translation>option --%1 is given more than once</translation>
    </message>
    <message numerus="yes">
        <source>%1 : consentement retiré, fiche effacée ; le lot %2 est retiré de la file d&apos;envoi, %n autre(s) lot(s) refait(s) avec ses autres fiches.</source>
        <translation><numerusform>%1: consent withdrawn, sheet erased; batch %2 is withdrawn from the outbox, %n other batch made again with its other sheets.</numerusform><numerusform>%1: consent withdrawn, sheet erased; batch %2 is withdrawn from the outbox, %n other batches made again with its other sheets.</numerusform></translation>
    </message>
    <message>
        <source>l&apos;envoi %1 n&apos;a plus de contenu : il a été retiré de la file avant d&apos;être présenté au siège (%2)</source>
        <translation>submission %1 has no content left: it was withdrawn from the queue before it was offered to headquarters (%2)</translation>
    </message>
    <message>
        <source>PV déjà scellé, version %1 : rien de nouveau demandé (ni --correct ni --reason)</source>
        <translation>PV already sealed, version %1: nothing new asked (neither --correct nor --reason)</translation>
    </message>
    <message>
        <source>Clé publique Ed25519 du siège (base64, plume-hq keys show), si elle n&apos;est pas encore enregistrée (elle l&apos;est alors, comme avec station set-hq-key).</source>
        <translation>Headquarters' Ed25519 public key (base64, plume-hq keys show), if none is recorded yet (it is then recorded, as with station set-hq-key).</translation>
    </message>
    <message>
        <source>Affiche la clé publique du bureau (base64), à inscrire au siège, une fois le fichier contrôlé en entier.</source>
        <translation>Prints the station's public key (base64), to enrol at headquarters, once the whole file is checked.</translation>
    </message>
    <message>
        <source>sans la phrase secrète du bureau (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE), le contrôle du fichier est partiel : sa clé ne peut pas être inscrite au siège.</source>
        <translation>without the station passphrase (--passphrase-file FILE or PLUME_PASSPHRASE_FILE), the file's check is partial: its key cannot be enrolled at headquarters.</translation>
    </message>
    <message>
        <source>%1 est une base SQLite (un fichier de bureau, ou sa copie ?) : --out et --record doivent nommer d&apos;autres fichiers.</source>
        <translation>%1 is an SQLite database (a station file, or its copy?): --out and --record must name other files.</translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) coupé(s) en direct, reçu(s) entier(s) de la mémoire du stylo</source>
        <translation><numerusform>%n stroke cut live, received whole from the pen's memory</numerusform><numerusform>%n strokes cut live, received whole from the pen's memory</numerusform></translation>
    </message>
    <message>
        <source>envoi au siège interrompu : ce qui n&apos;est pas livré reste en file</source>
        <translation>sending to headquarters interrupted: what is not delivered stays queued</translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) de la mémoire du stylo écrit(s) plus de deux jours avant l&apos;élection : laissé(s) dans le stylo</source>
        <translation><numerusform>%n stroke in the pen's memory written more than two days before the election: left in the pen</numerusform><numerusform>%n strokes in the pen's memory written more than two days before the election: left in the pen</numerusform></translation>
    </message>
</context>
</TS>
