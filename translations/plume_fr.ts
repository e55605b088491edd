<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="fr">
<context>
    <name>CanonicalJson</name>
    <message>
        <source>le JSON canonique ne contient que des entiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entier hors limites (|n| &gt; 2^53 − 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON imbriqué trop profondément</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valeur JSON indéfinie</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Crypto</name>
    <message>
        <source>La bibliothèque de chiffrement (libsodium) ne démarre pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce bureau a déjà sa paire de clés.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de paire de clés à remplacer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;envoi %1 ne se lit pas : rien n&apos;est signé de nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Election</name>
    <message>
        <source>JSON invalide à la position %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier de l&apos;élection doit être un objet JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Il manque le nom de l&apos;élection (election.name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le tour (election.round) doit être entre 1 et 9.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le nombre d&apos;inscrits (station.inscrits) doit être un entier positif ou nul.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La liste des candidats (candidates) doit en compter au moins un.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;identifiant du candidat « %1 » doit faire de 1 à 32 caractères parmi a-z, 0-9, « _ » et « - ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le candidat « %1 » n&apos;a pas de nom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;identifiant de candidat « %1 » apparaît deux fois.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible de lire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est trop gros pour un fichier d&apos;élection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le code du bureau (station.code) doit faire de 1 à 32 lettres sans accent, chiffres ou « - », comme au siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 dépasse %2 caractères.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contient un caractère de contrôle (U+%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le nom du candidat « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contient un caractère invisible (U+%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le nombre d&apos;inscrits (station.inscrits) dépasse %1, le plus grand que les cases du PV peuvent recevoir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les candidats « %1 » et « %2 » ont le même ordre (order) %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les candidats « %1 » et « %2 » portent le même nom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV imprimé tient au plus %1 candidats ; ce fichier en compte %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;ordre (order) du candidat « %1 » doit être un entier de 1 à 999.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Impossible d&apos;écrire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le formulaire du PV ne se charge pas : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV n&apos;est pas encore scellé : clôturez-le d&apos;abord.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de clé de signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV scellé enregistré ne se vérifie pas : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la clé publique n&apos;est pas le base64 de 32 octets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la clé publique du document (public_key) n&apos;est pas celle donnée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucune clé de confiance : la signature est correcte, mais faite par une clé que personne n&apos;a garantie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;écrire le PDF %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible de coder le QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun fichier de sortie donné.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format d&apos;export inconnu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est le fichier du bureau : il ne sera pas remplacé par un export, choisissez un autre nom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier ordinaire : donnez le chemin d&apos;un fichier à écrire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV est scellé, mais son document signé manque ou ne se lit pas : le fichier du bureau a été modifié hors de Plume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce document signé n&apos;est pas un PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau du PV (%1) n&apos;est pas le bureau qui l&apos;a signé (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la version du PV n&apos;est pas la version signée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est le fichier de la phrase secrète du bureau : il ne sera pas remplacé par un export, choisissez un autre nom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les versions scellées du PV ne se suivent pas : le fichier du bureau a été modifié hors de Plume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;export du PV demande la phrase secrète du bureau : sans elle, le contrôle du fichier est partiel (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> : le document est correctement signé, mais par une autre clé (%1) ; une clé du bureau d&apos;avant « station rekey », ou une autre clé que la sienne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est un lien symbolique : donnez le chemin d&apos;un fichier ordinaire à écrire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le document est bien signé, mais Plume n&apos;aurait jamais pu sceller ce PV : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>une base SQLite (un fichier de bureau ou sa copie ?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le fichier de clé du siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un fichier hors ligne pour le siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est %2 : il ne sera pas remplacé par un export, choisissez un autre nom.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <message>
        <source>✎ en attente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction en attente : elle sera scellée dans la nouvelle version du PV, avec sa raison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✎ non confirmé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction saisie, non confirmée : rien n&apos;est enregistré. Revenez sur le champ : Entrée la confirme, Échap l&apos;abandonne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✎ à taper</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>au plus %1 caractères</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un compte est un nombre entier positif ou nul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un code postal a 5 chiffres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un numéro de téléphone français a 10 chiffres et commence par 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>une adresse de courriel comme nom@domaine.fr est attendue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« oui » ou « non » est attendu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette feuille est scellée : elle ne peut plus être modifiée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette fiche a été envoyée au siège puis effacée du bureau : elle ne peut plus être modifiée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette fiche a été effacée faute de consentement : elle ne reçoit plus de décision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas de feuille « %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le formulaire « %1 » n&apos;a pas de champ « %2 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une décision demande le nom du membre du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valeur invalide pour %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le champ %1 n&apos;a pas de lecture à confirmer : donnez sa valeur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;écrire %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>champ « %1 » : il faut name, x_mm, y_mm, box_w_mm, box_h_mm, de 0 à 64 cases (boxes) et pitch_mm &gt;= box_w_mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le modèle de formulaire n&apos;est pas un objet JSON : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le modèle de formulaire demande un id et des champs (fields).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible de lire le modèle de formulaire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>champ « %1 » : grammaire « %2 » inconnue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« %1 » n&apos;est pas un membre de ce bureau : le fichier d&apos;élection désigne %2. Choisissez l&apos;un d&apos;eux.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« %1 » désigne plusieurs membres de ce bureau (%2) : donnez le nom avec le rôle entre parenthèses, tel que le fichier d&apos;élection l&apos;écrit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>des lettres, le trait d&apos;union, l&apos;apostrophe et l&apos;espace seulement, en commençant par une lettre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>des lettres, des chiffres, l&apos;espace et , &apos; . / - seulement, en commençant par une lettre ou un chiffre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>des chiffres, des lettres sans accent et « - » seulement, en commençant par un chiffre ou une lettre</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Le PV imprimé tient au plus %n candidat(s) ; l&apos;élection en compte %1.</source>
        <translation><numerusform>Le PV imprimé tient au plus %n candidat ; l'élection en compte %1.</numerusform><numerusform>Le PV imprimé tient au plus %n candidats ; l'élection en compte %1.</numerusform></translation>
    </message>
    <message>
        <source>%1 est un lien symbolique : donnez le chemin d&apos;un fichier ordinaire à écrire.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HqConfigText</name>
    <message>
        <source>l&apos;adresse du siège manque ou est invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;adresse du siège doit commencer par https:// (ou http:// vers cette machine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le fichier d&apos;autorité ne contient aucun certificat PEM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changer le siège ou sa clé demande la phrase secrète du bureau (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE) : le siège reçoit les fiches contact et ses accusés de réception les effacent du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le http simple n&apos;est permis que vers cette machine (loopback : 127.0.0.1, ::1, localhost) ; utilisez https avec l&apos;empreinte du certificat du siège (--pin-sha256) ou un fichier d&apos;autorité (--ca-file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https demande l&apos;empreinte du certificat du siège (--pin-sha256) ou un fichier d&apos;autorité (--ca-file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le http simple n&apos;a pas de certificat : l&apos;empreinte (--pin-sha256) et le fichier d&apos;autorité (--ca-file) demandent une adresse https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;adresse du siège ne porte ni nom d&apos;utilisateur ni mot de passe (https://hôte:port)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;empreinte du certificat doit être ses 64 chiffres hexadécimaux (SHA-256 du certificat en DER : openssl x509 -in hq.pem -outform der | sha256sum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible de lire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est trop gros pour un fichier d&apos;autorité (%2 Kio au plus)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HqText</name>
    <message>
        <source>Base de données : sqlite:CHEMIN ou postgresql://user:pass@host:port/db[?host=DOSSIER] (par défaut $PLUME_HQ_DB).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier de la clé du siège (par défaut $PLUME_HQ_KEY_FILE, sinon &lt;chemin sqlite&gt;.key ; obligatoire avec PostgreSQL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--db URL est obligatoire (ou PLUME_HQ_DB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--key-file FICHIER est obligatoire avec PostgreSQL (ou PLUME_HQ_KEY_FILE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce siège a déjà sa clé : plume-hq keys show --db URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crée une base plume-hq (fichier SQLite, mode 0600 ; ou les tables d&apos;une base PostgreSQL existante).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crée la paire de clés Ed25519 du siège : la clé secrète dans le fichier de clé (mode 0600), la clé publique dans la base ; l&apos;écrit en dernière ligne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Écrit la clé publique du siège (base64, dernière ligne) pour plumectl station set-hq --hq-key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection (docs/election-config.md), avec ou sans liste « stations ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fait connaître une élection au siège : chaque PV est contrôlé par rapport à elle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clé publique Ed25519, en base64 (plumectl station pubkey).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remplace la clé d&apos;un bureau inscrit (tout de suite, même pour un serveur en marche).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inscrit un bureau et sa clé publique.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révoque la clé d&apos;un bureau : ses envois sont refusés (401) dès la requête suivante.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--station CODE : 1 à 32 caractères parmi 0-9 A-Z a-z et « - »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifiant de l&apos;élection (par défaut : la dernière ajoutée).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Écrit les résultats consolidés (JSON, vue de l&apos;opérateur).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucune élection de ce nom (plume-hq elections add)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--out FICHIER est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 existe déjà : plume-hq ne remplace jamais un export de contacts (il peut être le seul à contenir ses fiches). Choisissez un autre nom ; rien n&apos;a été exporté.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--days N (jours) ou off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucune durée de conservation : --days N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier JSON à écrire (mode 0600).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retention : les contacts exportés sont effacés après N jours (off : jamais) ; purge : ceux exportés il y a plus de N jours (par défaut : la durée de conservation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts : export (leur seule sortie, déchiffrés avec le fichier de clé), conservation, effacement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plus grand envoi accepté, en octets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier(s) hors ligne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reçoit les fichiers hors ligne des bureaux (mêmes contrôles et même règle « une seule fois » que l&apos;API HTTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>les contacts ne s&apos;ouvrent pas avec ce fichier de clé : ce n&apos;est pas la clé de ce siège, ou la base est abîmée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible d&apos;écrire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce fichier de clé n&apos;est pas celui de cette base (plume-hq keys show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code de bureau invalide dans l&apos;élection : 1 à 32 caractères parmi 0-9 A-Z a-z et « - »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trop de bureaux dans l&apos;élection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau %1 figure deux fois</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le fichier d&apos;élection n&apos;est pas un objet JSON valide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible de lire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est trop grand pour un fichier d&apos;élection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible de créer %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adresse PostgreSQL invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--db attend sqlite:CHEMIN ou postgresql://…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible d&apos;ouvrir la base du siège : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cette base contient déjà d&apos;autres tables : ce n&apos;est pas une base plume-hq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la base %1 n&apos;existe pas (créez-la avec plume-hq init --db URL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce n&apos;est pas une base plume-hq (créez-en une avec plume-hq init --db URL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce fichier n&apos;est pas une base SQLite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la base du siège a le schéma %1, plus récent que ce plume-hq (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cette base garde des contacts en clair d&apos;une version antérieure : exportez-les avec elle, videz la table contact_batches, puis relancez</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base de données indisponible, réessayez plus tard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce siège a déjà sa clé (plume-hq keys show) : les bureaux la connaissent, elle ne se remplace pas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empreinte ou signature invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible de lire le certificat TLS ou sa clé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>méthode refusée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>page inconnue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content-Type doit être application/json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>élection inconnue du siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucun PV de ce bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>page réservée aux opérateurs du siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base de données indisponible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>en-têtes trop longs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trop d&apos;en-têtes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fin de ligne invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requête HTTP invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>en-tête HTTP invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content-Length contradictoires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer-Encoding et Content-Length ensemble</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seul le codage chunked est accepté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content-Length invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corps de plus de %1 octets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>codage chunked invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce n&apos;est pas un fichier hors ligne Plume (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce fichier a été chiffré pour la clé d&apos;un autre siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le fichier ne se déchiffre pas : abîmé ou pas pour cette clé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le contenu déchiffré n&apos;est pas une liste d&apos;envois</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>envoi de plus de %1 octets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un envoi n&apos;est pas en base64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un total dépasse 64 bits : envoi non enregistré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cet envoi est déjà enregistré avec un autre contenu, ou cette version du bureau l&apos;est sous un autre identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la clé du siège manque : plume-hq keys init</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stockage indisponible, réessayez plus tard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la version précédente du PV manque ou diffère (previous_sha256) : elle doit arriver d&apos;abord</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>une correction reste dans l&apos;élection de la version qu&apos;elle corrige</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible de lire la clé du siège %1 : %2 (créez-la avec plume-hq keys init)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier de clé plume-hq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utilisation : plume-hq &lt;commande&gt; [options]   (plume-hq &lt;commande&gt; --help pour le détail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL : sqlite:CHEMIN ou postgresql://user:pass@host:port/db[?host=DOSSIER] ; --db vaut par défaut $PLUME_HQ_DB, --key-file $PLUME_HQ_KEY_FILE, sinon &lt;chemin sqlite&gt;.key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inscrits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enveloppes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blancs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nuls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exprimés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totaux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voix par candidat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encre tardive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bureaux signalés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Règles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Observations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrections tardives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reçue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clés de bureau remplacées ou révoquées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>révoquée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remplacée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(sans encre)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plume — résultats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Résultats consolidés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Bureaux ayant remonté leur PV : &lt;b&gt;%1&lt;/b&gt; sur %2 (%3 %)&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;small&gt;Mis à jour %1 — &lt;a href=&quot;/api/v1/results&quot;&gt;JSON&lt;/a&gt;, &lt;a href=&quot;/api/v1/results/stations&quot;&gt;résultats par bureau&lt;/a&gt;&lt;/small&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plume — bureau %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bureau %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV manuscrit, version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Champ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Décision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Écriture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bureau signalé : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h1&gt;Aucune élection&lt;/h1&gt;&lt;p&gt;Ajoutez-la avec plume-hq elections add.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un total dépasse 64 bits : résultats refusés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un total est négatif : résultats refusés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>élection inconnue : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse et port, port 0 = un port libre (par défaut $PLUME_HQ_LISTEN, sinon 127.0.0.1:8443).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier du jeton des opérateurs (bearer, ou mot de passe de la fenêtre de connexion du navigateur) ; par défaut $PLUME_HQ_OPERATOR_TOKEN_FILE. Sans lui, les textes libres et les pages des bureaux ne sont montrés à personne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificat PEM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clé privée PEM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plus grand corps de requête accepté, en octets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full : fsync à chaque validation groupée (résiste à une coupure de courant) ; process : résiste à un plantage ou à l&apos;arrêt forcé de plume-hq, pas à une coupure de courant (plus rapide).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connexions simultanées (en tout).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connexions simultanées depuis une même adresse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secondes pour envoyer les en-têtes de la requête.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secondes d&apos;inactivité permises à une connexion maintenue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas de journal d&apos;accès (une ligne par requête sur stderr).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le jeton des opérateurs doit faire au moins 16 caractères</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible d&apos;écouter sur %1, port %2 : le port est peut-être déjà pris (un autre plume-hq ?) ou réservé ; choisissez-en un autre avec --listen ADRESSE:PORT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sert l&apos;API des envois et les résultats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--listen attend HOTE:PORT avec une adresse numérique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tls-cert et --tls-key vont ensemble</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valeur invalide : --max-body &gt;= 1024, --durability full|process, nombres positifs pour les connexions et délais</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;élection %1 est déjà connue avec un autre contenu : une élection ne change pas une fois les bureaux en route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code de bureau invalide : 1 à 32 caractères parmi 0-9 A-Z a-z et « - »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la clé publique doit faire 32 octets (base64 d&apos;une clé Ed25519, donnée par plumectl station pubkey)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau %1 est déjà inscrit avec une autre clé (ou révoqué) : --replace pour la remplacer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau %1 n&apos;est pas inscrit, ou déjà révoqué</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bureau inconnu du siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la clé de ce bureau a été révoquée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clé manquante : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clé inconnue dans %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 doit être un texte de %2 à %3 caractères</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 doit être un entier entre %2 et %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 doit valoir true ou false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 doit être une date ISO 8601 en UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 doit être 64 chiffres hexadécimaux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 doit être une liste de %2 à %3 éléments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 doit être un objet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le type du document n&apos;est pas le type signé de l&apos;envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la version du document n&apos;est pas la version signée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>une version 1 n&apos;a ni previous_sha256 ni correction_reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>une correction après le scellé (version &gt; 1) demande une raison (correction_reason) d&apos;au moins %1 caractères et au moins %2 membres du bureau distincts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le siège ne connaît pas cette élection (plume-hq elections add)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau du document n&apos;est pas le bureau qui a signé l&apos;envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un candidat de l&apos;élection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>candidates doit être une liste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 : ce candidat figure déjà dans la liste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un candidat de l&apos;élection manque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checks : règle ou nature inconnue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un PV scellé ne peut pas enfreindre une règle impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un trait doit avoir de 0 à %1 points (x, y, dt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plus de %1 points d&apos;encre dans le PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>late_ink ne correspond pas aux traits tardifs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fields.*.source : confirmed, corrected ou typed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la valeur du champ %1 n&apos;est pas celle du compte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>champ manquant : fields.%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trop de champs dans fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Une règle à expliquer demande des observations d&apos;au moins %2 caractères et au moins %3 membres du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la somme des voix dépasse 64 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contacts[].sheet doit être contact-N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>une fiche contact figure deux fois dans le même lot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un champ n&apos;appartient pas à la fiche contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>une fiche sans consentement ne quitte jamais le bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le numéro de lot n&apos;est pas la version signée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer-Encoding invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un trait commencé après la décision du champ (decided_at) doit être marqué late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fields.*.ink : first_at est après last_at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>règle code_bureau : le code écrit dans le champ code_bureau n&apos;est pas celui du bureau qui a signé l&apos;envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>règle %1 : valeur refusée dans le champ %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 dépasse le nombre d&apos;inscrits du bureau dans l&apos;élection (accepté seulement jusqu&apos;à %4 de plus, avec la règle %2 ou %3 expliquée dans le PV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plus de %1 octets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas un objet JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fichier de plus de %1 octets : un fichier hors ligne n&apos;en porte pas tant (limites des envois HTTP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fichier vide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le fichier se dit du bureau « %1 », son contenu chiffré du bureau « %2 » : refusé, rien n&apos;est enregistré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le fichier se dit du bureau « %1 » mais porte un envoi signé par le bureau « %2 » (%3) : refusé, rien n&apos;est enregistré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--election FICHIER.json est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--public-key doit être le base64 d&apos;une clé Ed25519 de 32 octets (plumectl station pubkey, au bureau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commande inconnue « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention : HTTP simple sur une adresse qui n&apos;est pas locale ; les bureaux le refuseront (donnez --tls-cert et --tls-key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau que nomme le fichier n&apos;est pas un code de bureau (1 à 32 lettres, chiffres ou « - ») : refusé, rien n&apos;est enregistré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce bureau est inscrit dans l&apos;élection %1, pas dans l&apos;élection %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plus de %1 versions du PV d&apos;un bureau : une autre correction se fait avec le siège, hors de Plume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce bureau n&apos;est pas inscrit dans l&apos;élection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce siège a déjà une autre clé (plume-hq keys show) : les bureaux la connaissent, %1 ne la remplace pas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce siège n&apos;a pas encore de clé : plume-hq keys init (ou keys adopt, pour garder le fichier de clé d&apos;une base précédente)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprend le fichier de clé existant du siège dans une base qui n&apos;a pas encore de clé (une nouvelle base pour un autre tour : les bureaux connaissent déjà la clé) ; écrit la clé publique en dernière ligne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le fichier de clé n&apos;est pas celui de cette base (plume-hq keys init / keys adopt / keys show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 existe déjà : le siège garde sa clé (les bureaux la connaissent) ; une nouvelle base la reprend avec plume-hq keys adopt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--days N (jours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>donnez au moins un FICHIER.plume (et 1024 &lt;= --max-body &lt;= 1073741824)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« stations » doit être une liste de bureaux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le certificat TLS ou sa clé n&apos;est pas un PEM valide (clés EC ou RSA seulement)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pourquoi ce PV est retiré (%1 caractères au moins), gardé avec lui.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retire des résultats la chaîne de PV d&apos;un bureau dont la clé a été volée (après stations revoke ou stations add --replace) : ses versions sont gardées à part, refusées si elles reviennent, et le bureau peut renvoyer son PV en version 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce PV a été retiré des résultats par le siège (clé volée) : il ne peut plus être reçu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV retirés des résultats par le siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retiré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--reason : dites pourquoi le PV est retiré, en %1 à %2 caractères</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le siège n&apos;a reçu aucun PV du bureau %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la clé qui a signé le PV du bureau %1 est toujours inscrite : révoquez-la d&apos;abord (plume-hq stations revoke, ou stations add --replace avec une nouvelle clé du bureau), sinon qui détient la clé volée enverra un autre PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retire les versions à partir de N seulement (une correction volée par-dessus les versions du bureau) ; la version N-1 compte de nouveau. Par défaut : 1, toute la chaîne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--from-version N : un numéro de version, 1 ou plus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau %1 n&apos;a pas de version %2 à retirer (sa dernière version reçue est la %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 ne sert pas à « plume-hq %2 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Écrit les accusés de réception signés des envois reçus, à rapporter au bureau (plumectl outbox receipts) : il les marque livrés et efface les contacts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 existe déjà : plume-hq n&apos;écrit les accusés de réception que dans un fichier nouveau (réimporter les mêmes fichiers les redonne). Choisissez un autre nom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Rien n&apos;a été reçu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la base du siège ne prend pas d&apos;écriture : %1 (une autre commande ou un autre programme la tient peut-être ; réessayez)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raison inconnue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le certificat TLS et sa clé ne vont pas ensemble : une connexion TLS à lui-même échoue (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le dossier de %1 n&apos;existe pas : rien n&apos;a été reçu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention : %1 est une clé secrète lisible par tous les utilisateurs de cette machine (chmod o-r %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention : le certificat TLS a expiré le %1 ; les bureaux qui le vérifient par une autorité (station set-hq --ca-file) le refusent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention : le certificat TLS n&apos;est valable qu&apos;à partir du %1 ; les bureaux qui le vérifient par une autorité (station set-hq --ca-file) le refusent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention : le certificat TLS expire le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bureau inconnu de cette élection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Aucun PV de ce bureau ne compte.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Aucun PV reçu de ce bureau.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contient un caractère nul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fields contient un champ qui n&apos;est pas un champ du PV de cette élection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bureau %1 : « inscrits » doit être un entier entre 0 et %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trop d&apos;envois refusés depuis cette adresse : réessayez plus tard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention : PostgreSQL peut écrire dans son journal les instructions de plume-hq avec leurs valeurs, contacts scellés compris, qu&apos;une purge n&apos;y efface pas (%1) ; en superutilisateur : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>une valeur de contact commence par une lettre ou un chiffre et ne contient aucun caractère de contrôle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--reason ne doit nommer ni la personne ni ses coordonnées : le journal des effacements n&apos;en garde aucune. Rien n&apos;a été effacé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--reason : %1 caractères au plus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--email : une adresse de courriel (nom@domaine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dites qui effacer : --station CODE --sheet contact-N, ou --email ADRESSE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--sheet : contact-N, le numéro de la fiche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucune fiche de contact gardée au siège ne correspond (%1) : rien n&apos;a été effacé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bureau %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce courriel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le lot %1 du bureau %2 ne garde plus aucun contact : il est vidé comme par une purge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La signature du bureau ne couvre plus un lot ainsi modifié : le siège ne la garde pas, et l&apos;export marque ses autres contacts (batch_edited_at).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bureau %1, %2, lot %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n fiche(s) de contact effacée(s) au siège (%1) ; le journal des effacements garde le bureau, la fiche, le lot et la raison, jamais le nom ni le courriel.</source>
        <translation><numerusform>%n fiche de contact effacée au siège (%1) ; le journal des effacements garde le bureau, la fiche, le lot et la raison, jamais le nom ni le courriel.</numerusform><numerusform>%n fiches de contact effacées au siège (%1) ; le journal des effacements garde le bureau, la fiche, le lot et la raison, jamais le nom ni le courriel.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Ce courriel figurait sur %n fiches : toutes sont effacées.</source>
        <translation><numerusform>Ce courriel figurait sur %n fiches : toutes sont effacées.</numerusform><numerusform>Ce courriel figurait sur %n fiches : toutes sont effacées.</numerusform></translation>
    </message>
    <message>
        <source>Bureau de la fiche (avec --sheet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fiche à effacer, contact-N (avec --station).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Efface toute fiche portant ce courriel (sans tenir compte des majuscules).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pourquoi (gardé au journal des effacements ; sans nom ni coordonnées).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Efface au siège la fiche d&apos;un électeur qui retire son consentement après la remise de son lot : le lot est déchiffré avec le fichier de clé, rescellé sans elle, et l&apos;effacement est noté sans nom ni courriel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau %1 n&apos;est pas inscrit au siège : rien n&apos;a été effacé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--email, ou bien --station et --sheet (et --batch) : pas les deux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--batch N : le numéro du lot que le bureau a donné (1, 2, …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> ; %n lot(s) déjà purgé(s) après export (exporté(s) pour la première fois le %1) ne se cherche(nt) plus : si la fiche y était, seuls les exports faits depuis cette date la gardent, et qui les détient doit l&apos;y effacer</source>
        <translation><numerusform> ; %n lot déjà purgé après export (exporté pour la première fois le %1) ne se cherche plus : si la fiche y était, seuls les exports faits depuis cette date la gardent, et qui les détient doit l'y effacer</numerusform><numerusform> ; %n lots déjà purgés après export (exportés pour la première fois le %1) ne se cherchent plus : si la fiche y était, seuls les exports faits depuis cette date la gardent, et qui les détient doit l'y effacer</numerusform></translation>
    </message>
    <message>
        <source>attention : l&apos;export de contacts du %1, et chaque export fait depuis, contient encore la fiche %2 du bureau %3 : le siège a effacé sa copie, mais qui détient ces fichiers doit l&apos;y effacer lui-même.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lot qui contient la fiche, comme le bureau le dit : s&apos;il n&apos;est pas encore arrivé, l&apos;effacement s&apos;appliquera à son arrivée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le lot %1 du bureau %2 n&apos;est pas encore arrivé au siège : l&apos;effacement de la fiche %3 est enregistré et s&apos;appliquera à son arrivée, avant qu&apos;il soit gardé (le journal des effacements le dira). S&apos;il arrive dans un fichier hors ligne, ce fichier la contient encore : détruisez-le après l&apos;import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La fiche %1 du bureau %2 a déjà été effacée à l&apos;arrivée du lot %3 (%4) : il n&apos;y a plus rien à effacer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liste les effacements qui attendent leur lot (contacts erase --batch N avant son arrivée).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bureau %1, fiche contact-%2, lot %3 : effacement demandé le %4, en attente du lot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cette clé a signé un PV retiré du bureau %1 (pv withdraw) : elle est tenue pour volée ; le bureau en fait une nouvelle (plumectl station rekey)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cette clé est celle du bureau %1 (inscrit avec elle, ou qui a signé un PV avec elle) : chaque bureau a sa propre clé (plumectl station pubkey sur son portable) ; une erreur de saisie se défait en révoquant %1 (stations revoke)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>I18n</name>
    <message>
        <source>Affiche cette aide.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ink</name>
    <message>
        <source>point de trace avec moins de deux valeurs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>point de trace avec une valeur qui n&apos;est pas un nombre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ligne %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 : fichier InkML trop grand (%2 Mio ; au plus %3 Mio)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trace de plus de %1 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>éléments imbriqués trop profondément (plus de %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balise de plus de %1 Kio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ligne %1 : plus de %2 points dans le fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 : plus de %2 Mio, ce n&apos;est pas un fichier InkML de Plume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ligne %1 : déclaration DOCTYPE refusée (un fichier InkML n&apos;en a pas)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfflineFile</name>
    <message>
        <source>Fichier hors ligne pour le siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Livraison hors ligne (*.plume)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refusé : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n envoi(s) marqué(s) livré(s) au siège.</source>
        <translation><numerusform>%n envoi marqué livré au siège.</numerusform><numerusform>%n envois marqués livrés au siège.</numerusform></translation>
    </message>
    <message>
        <source>Contacts remis au siège mais pas encore effacés de ce poste : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accusés de réception du siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accusés de réception (*.json);;Tous les fichiers (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>✔ %n envoi(s) chiffré(s) pour le siège dans %1 : portez ce fichier au siège (plume-hq import). Chaque envoi reste dans la file d&apos;envoi jusqu&apos;à l&apos;accusé de réception du siège ; un électeur d&apos;un lot de ce fichier qui retire son consentement le demande désormais au siège.</source>
        <translation><numerusform>✔ %n envoi chiffré pour le siège dans %1 : portez ce fichier au siège (plume-hq import). Chaque envoi reste dans la file d'envoi jusqu'à l'accusé de réception du siège ; un électeur d'un lot de ce fichier qui retire son consentement le demande désormais au siège.</numerusform><numerusform>✔ %n envois chiffrés pour le siège dans %1 : portez ce fichier au siège (plume-hq import). Chaque envoi reste dans la file d'envoi jusqu'à l'accusé de réception du siège ; un électeur d'un lot de ce fichier qui retire son consentement le demande désormais au siège.</numerusform></translation>
    </message>
</context>
<context>
    <name>OfflineText</name>
    <message>
        <source>la clé du siège n&apos;est pas connue : enregistrez-la avec plumectl station set-hq --db FICHIER --hq URL --hq-key B64 (clé donnée par plume-hq keys show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;envoi %1 est illisible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rien à livrer : chaque envoi a l&apos;accusé de réception du siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible d&apos;écrire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce bureau a enregistré une autre clé du siège : le fichier ne peut être chiffré que pour elle (changez-la avec plumectl station set-hq --hq-key, ou n&apos;indiquez pas de clé)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible d&apos;écrire %1 : %2 (ses envois comptent pourtant comme présentés au siège : un retrait de consentement passe par le siège)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Passphrase</name>
    <message>
        <source>elle est trop courte ou trop simple</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle contient un mot de passe courant ou un mot du dictionnaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle répète les mêmes caractères</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle contient une suite (1234, abcd…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle suit les touches du clavier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle contient une date ou une année</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle est trop prévisible</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Phrase secrète refusée : il faut au moins %n caractères.</source>
        <translation><numerusform>Phrase secrète refusée : il faut au moins %n caractères.</numerusform><numerusform>Phrase secrète refusée : il faut au moins %n caractères.</numerusform></translation>
    </message>
    <message>
        <source>Phrase secrète refusée : %1, elle serait devinée trop vite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète solide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète acceptable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle contient un mot de ce bureau ou de cette élection (code, commune, candidat, membre du bureau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle est faite de mots du dictionnaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisissez plutôt quatre mots ou plus, sans rapport entre eux, qui ne viennent ni de l&apos;élection ni du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle contient une phrase célèbre ou une suite de touches du clavier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elle répète un mot</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Pen</name>
    <message>
        <source>Aucun adaptateur Bluetooth n&apos;a été trouvé sur cet ordinateur. Vous pouvez continuer à saisir à la souris ou à la tablette.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le Bluetooth est désactivé. Activez-le pour connecter le stylo, ou continuez à saisir à la souris ou à la tablette.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plume n&apos;a pas l&apos;autorisation d&apos;utiliser le Bluetooth. Vous pouvez continuer à saisir à la souris ou à la tablette.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La recherche des stylos a échoué : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>liaison perdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cet appareil n&apos;a pas de service NeoSmartpen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>erreur GATT %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>il manque au service du stylo ses caractéristiques</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la caractéristique du stylo n&apos;a pas de CCCD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bloc hors ligne : en-tête trop court</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bloc hors ligne : taille compressée incohérente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bloc hors ligne : données zlib endommagées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bloc hors ligne : taille incohérente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bloc hors ligne : trait %1 tronqué</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bloc hors ligne : points du trait %1 tronqués</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bloc hors ligne : %1 octets en trop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contenu trop court</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>réponse de version plus courte que 64 octets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longueur de la liste des carnets incohérente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le stylo n&apos;a pas répondu (%1) : la liaison est coupée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trop de codes faux : le stylo se réinitialise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trop de codes faux : le stylo s&apos;est éteint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>données hors ligne : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le stylo a refusé le téléchargement hors ligne (résultat %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le stylo a refusé la commande 0x%1 (résultat %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paquet 0x%1 mal formé : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adresse de stylo « %1 » invalide : tcp:HÔTE:PORT attendu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adresse de stylo « %1 » invalide : replay:FICHIER attendu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adresse de stylo « %1 » invalide : ble:AA:BB:CC:DD:EE:FF attendu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adresse de stylo « %1 » invalide : tcp:HÔTE:PORT, ble:ADRESSE ou replay:FICHIER attendu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est trop grand pour un journal de stylo (%2 Mio, au plus %3 Mio)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible de lire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier ordinaire : un journal de stylo à rejouer doit en être un</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>heure du stylo invalide (%1 ms) : l&apos;heure du poste la remplace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le stylo envoie de l&apos;encre avant la fin de la connexion (%1) : encre ignorée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>données hors ligne que personne n&apos;a demandées : refusées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>les erreurs suivantes de ce genre sont comptées sans être affichées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la mémoire du stylo garde de l&apos;encre d&apos;un autre jour : laissée de côté</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PensimText</name>
    <message>
        <source>Adresse d&apos;écoute (port 0 = un port libre).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier InkML à écrire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verrouille le stylo par ce code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Octets par écriture : N, ou « random » (1-40).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graine du hasard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pannes : garbage,truncate,drop-penup,lose-events,disconnect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avec « disconnect » : traits écrits pendant la déconnexion (mémoire hors ligne).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batterie en %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&apos;éteint et quitte après l&apos;encre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas de ligne par trait sur stderr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--chunk « %1 » invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>panne « %1 » inconnue (connues : %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--seed « %1 » invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--offline-strokes invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--battery invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible d&apos;écouter sur %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stylo NeoSmartpen simulé (protocole 2.x) sur TCP : écrit les traits d&apos;un fichier InkML.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--ink FICHIER est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--listen « %1 » invalide : IP:PORT attendu</source>
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
    <message>
        <source>Vérifiez le nombre d&apos;inscrits sur la liste d&apos;émargement : un tel écart avec la liste électorale ne peut pas être scellé ; appelez la personne responsable de l&apos;élection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le nombre d&apos;inscrits (%1) s&apos;écarte de plus de %2 de celui de la liste électorale (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérifiez ce nombre (un chiffre de trop ?) : un compte qui dépasse à ce point le nombre d&apos;inscrits de la liste électorale ne peut pas être scellé ; appelez la personne responsable de l&apos;élection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« %1 » (%2) dépasse de plus de %3 le nombre d&apos;inscrits de la liste électorale (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« %1 » n&apos;est pas un nombre entier de 0 à %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« %1 » (%2) dépasse le nombre d&apos;inscrits de la liste électorale (%3), et rien dans le PV ne l&apos;explique (inscrits ajoutés, plus de votants que d&apos;inscrits).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>votants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enveloppes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blancs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nuls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exprimés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>voix de %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« %1 » (%2) dépasse de plus de %3 le nombre d&apos;inscrits de ce PV (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérifiez ce nombre et celui des inscrits (un chiffre de trop, ou de moins ?) : un compte qui dépasse à ce point les inscrits du PV ne peut pas être scellé, même expliqué.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptText</name>
    <message>
        <source>accusé de réception non vérifiable : la clé publique du siège n&apos;est pas enregistrée (plumectl station set-hq --db FICHIER --hq URL --hq-key B64, clé donnée par plume-hq keys show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la réponse du siège n&apos;est pas un accusé de réception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accusé de réception refusé : sa signature n&apos;est pas celle du siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accusé de réception refusé : « %1 » n&apos;est pas celui de cet envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la clé du siège doit être une clé publique Ed25519 de 32 octets (plume-hq keys show)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Receipts</name>
    <message>
        <source>ce n&apos;est pas un fichier d&apos;accusés de réception du siège (plume-hq import --receipts FICHIER)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas d&apos;envoi de ce bureau sous cet identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>déjà livré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est trop gros pour un fichier d&apos;accusés de réception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible de lire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Seal</name>
    <message>
        <source>règle %1 « %2 » (champs %3) : %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>champs sans décision d&apos;un membre du bureau : %1 ; confirmez ou saisissez ces valeurs, puis recommencez.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV ne peut pas être scellé : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de clé de signature (créée par « station init »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV est déjà scellé : une correction en fait une nouvelle version, qui demande une raison écrite d&apos;au moins %1 caractères (%2 pour l&apos;instant) et la signature d&apos;au moins %3 membres du bureau (%4 pour l&apos;instant).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV n&apos;a pas de champ « %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valeur invalide pour %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le champ %1 porte %2 traits (au plus %3) : rayez l&apos;encre parasite avant de sceller.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;encre du PV compte %1 points (au plus %2) : rayez l&apos;encre parasite avant de sceller.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La clé de signature du bureau est illisible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce fichier n&apos;a pas de feuille PV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Il faut une raison écrite d&apos;au moins %1 caractères et la signature d&apos;au moins %2 membres du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Il faut au moins un membre du bureau pour clore le PV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de phrase secrète : sa clé de signature n&apos;est pas protégée. Donnez-lui en une avant de sceller.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : il faut sa phrase secrète pour signer le PV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une correction demande sa raison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce n&apos;est pas un objet JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas de clé publique valide (public_key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« signed » manque ou ne peut pas être mis en forme canonique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le document n&apos;est pas dans sa forme canonique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Des corrections ont été saisies dans Plume sans être confirmées : %1. Ouvrez la fenêtre de Plume et, pour chacune, confirmez-la par Entrée ou abandonnez-la par Échap (ou plumectl drafts drop), puis scellez de nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n correction(s) non confirmée(s) illisible(s) dans le fichier (modifié hors de Plume ?) : fermez puis rouvrez la fenêtre de Plume, qui les écarte (ou plumectl drafts drop --unreadable), puis scellez de nouveau.</source>
        <translation><numerusform>%n correction non confirmée illisible dans le fichier (modifié hors de Plume ?) : fermez puis rouvrez la fenêtre de Plume, qui les écarte (ou plumectl drafts drop --unreadable), puis scellez de nouveau.</numerusform><numerusform>%n corrections non confirmées illisibles dans le fichier (modifié hors de Plume ?) : fermez puis rouvrez la fenêtre de Plume, qui les écarte (ou plumectl drafts drop --unreadable), puis scellez de nouveau.</numerusform></translation>
    </message>
    <message>
        <source>Le PV a déjà %1 versions, le plus que le siège accepte : une autre correction se fait avec le siège, hors de Plume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>champ %1 : %n trait(s) ajouté(s) sur le papier laissé(s) hors de cette version (plus d&apos;encre qu&apos;un champ n&apos;en porte) ; le fichier du bureau garde tout</source>
        <translation><numerusform>champ %1 : %n trait ajouté sur le papier laissé hors de cette version (plus d'encre qu'un champ n'en porte) ; le fichier du bureau garde tout</numerusform><numerusform>champ %1 : %n traits ajoutés sur le papier laissés hors de cette version (plus d'encre qu'un champ n'en porte) ; le fichier du bureau garde tout</numerusform></translation>
    </message>
    <message>
        <source>Rien ne change depuis la version %1 du PV (mêmes nombres, même code, mêmes observations, même encre) : pas de nouvelle version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : il faut sa phrase secrète pour lire le lot qui contient la fiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La fiche %1 n&apos;est dans aucun lot en attente : elle a déjà été remise au siège et effacée du bureau, ou effacée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La fiche %1 n&apos;est pas une fiche contact mise en lot pour le siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retiré : un électeur du lot a retiré son consentement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La fiche %1 a été remise au siège (lot %2) : le retrait du consentement se demande maintenant au siège, qui l&apos;efface avec « %3 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le lot %1, qui contient la fiche %2, a déjà été présenté au siège, qui a pu le recevoir : le retrait du consentement se demande au siège, qui l&apos;efface avec « %3 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV est marqué scellé, mais sa version signée manque dans le fichier (modifié hors de Plume ?).</source>
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
        <source>plume : aucun écran ici (ni DISPLAY ni WAYLAND_DISPLAY) : Plume ouvre une fenêtre. Lancez-le dans une session graphique, ou utilisez plumectl en ligne de commande (plumectl --help).
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le bureau n&apos;a pas pu être ouvert : %1

Vérifiez le nom et le dossier du fichier (un bureau finit par .plume), ou lancez Plume sans fichier pour créer un nouveau bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verrouille la fenêtre après MINUTES sans clavier ni souris (5 par défaut ; 0 : jamais).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plume : --lock-after attend un nombre de minutes (0 : jamais).
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tcp:HÔTE:PORT, ble:ADRESSE ou replay:FICHIER.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <source>Rayer un trait demande le nom du membre du bureau et une raison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La fiche %1 a été effacée faute de consentement : elle ne reçoit plus de décision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette feuille est scellée ou effacée : ses décisions ne peuvent plus être reprises.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le champ %1 n&apos;a pas de décision à retirer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La table %1 n&apos;est pas couverte par le journal d&apos;audit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier du bureau a été modifié hors de Plume : ne scellez rien avec, gardez-le tel quel comme preuve et prévenez le siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture d&apos;une ligne à auditer impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>liste des lignes impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, ligne %2 : écrite hors de Plume (aucune entrée d&apos;audit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, ligne %2 : modifiée hors de Plume (ne correspond pas à l&apos;entrée d&apos;audit %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 : ligne supprimée hors de Plume (entrée d&apos;audit %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture du journal d&apos;audit impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement du point d&apos;ancrage impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture des points d&apos;ancrage impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point d&apos;ancrage %1 : la signature du bureau ne correspond pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le journal d&apos;audit n&apos;atteint plus le point d&apos;ancrage signé %1 (journal tronqué ou recalculé).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le journal d&apos;audit ne mène plus au PV scellé version %1 (journal tronqué ou recalculé).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mise en file de l&apos;envoi impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture de la file d&apos;envoi impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mise à jour de la file d&apos;envoi impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File d&apos;envoi : pas d&apos;envoi %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La bibliothèque de chiffrement (libsodium) ne démarre pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas assez de mémoire pour dériver la clé de la phrase secrète (il faut 256 Mio libres).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : les fiches contact ne se lisent et ne s&apos;écrivent qu&apos;avec sa phrase secrète.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les réglages de clé du bureau sont endommagés.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète du bureau incorrecte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture des réglages impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pour changer la phrase secrète du bureau, donnez d&apos;abord l&apos;actuelle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible de lire le fichier de phrase secrète %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier de phrase secrète %1 est vide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une valeur chiffrée ne se déchiffre pas (%1) : le fichier est endommagé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seules les fiches contact portent des données personnelles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>effacement des données personnelles impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>marquage de la feuille effacée impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>effacement d&apos;un envoi livré impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compactage impossible pendant une transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compactage (VACUUM) impossible : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>préparation de la requête impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exécution de « %1 » impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture du schéma impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier de bureau Plume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 a la version de schéma %2, plus récente que celle que connaît ce Plume (%3) : mettez Plume à jour ; le fichier n&apos;a pas été modifié.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement de la version du schéma impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation de la transaction impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 existe déjà : Plume n&apos;écrase jamais un fichier de bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement du bureau impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>création de la feuille du PV impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;existe pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La fiche du bureau manque dans le fichier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;élection enregistrée dans le fichier est invalide : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On ne peut ajouter que des fiches contact (le PV existe déjà).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>comptage des feuilles impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>création de la feuille impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>liste des feuilles impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture de la feuille impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement de la page de la feuille impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement de l&apos;état de la feuille impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas de feuille « %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement du trait impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le trait %1 est endommagé (points illisibles).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture des traits impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture du trait impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas de trait %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible de barrer le trait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture des traits barrés impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>comptage des traits impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement de la lecture impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture des lectures impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une décision demande le nom du membre du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement de la décision impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture des décisions impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>écriture dans le journal d&apos;audit impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ligne d&apos;audit %1 : numéro %2 attendu (une ligne manque)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ligne d&apos;audit %1 : ne s&apos;enchaîne pas à la précédente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ligne d&apos;audit %1 : empreinte différente (ligne modifiée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contrôle d&apos;intégrité SQLite impossible : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contrôle des références : table %1, ligne %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement du réglage impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture du réglage impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>effacement du réglage impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ligne d&apos;audit %1 : sceau absent ou faux (ligne ajoutée ou modifiée sans la phrase secrète du bureau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : modifier son fichier demande sa phrase secrète (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est un fichier de remise hors ligne pour le siège, pas un fichier de bureau : il s&apos;importe au siège avec « plume-hq import ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le trait %1 n&apos;existe pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chaîne des traits rompue au trait %1 (trait modifié, ajouté ou supprimé hors de Plume).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trait %1 : écrit hors de Plume (absent de la chaîne des traits).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trait %1 : modifié hors de Plume (ne correspond plus à la chaîne des traits).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trait %1 : supprimé hors de Plume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;entrée d&apos;audit %1 ancre l&apos;encre jusqu&apos;au trait %2, que la chaîne des traits n&apos;atteint plus (traits supprimés ou recalculés hors de Plume).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>déclencheur « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vue « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>index « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>table « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, ligne %2 : la colonne %3 a changé de type hors de Plume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schéma modifié hors de Plume (ajout : %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schéma modifié hors de Plume (changement : %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schéma modifié hors de Plume (suppression : %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le trait n&apos;a pas été enregistré tel quel : le fichier du bureau a été modifié hors de Plume (quelque chose y change ce qui s&apos;écrit). L&apos;encre reste en attente ; n&apos;utilisez plus ce fichier et prévenez le siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La phrase secrète du bureau (posée à l&apos;entrée d&apos;audit %1) a été retirée hors de Plume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est vide : ce n&apos;est pas un fichier de bureau Plume (s&apos;il en était un, il a été vidé : gardez-le tel quel et prévenez le siège ; un nouveau bureau se crée avec « plumectl station init »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copie de %1 impossible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dossier temporaire impossible : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La lecture n&apos;a pas été enregistrée telle quelle : le fichier du bureau a été modifié hors de Plume (quelque chose y change ce qui s&apos;écrit). N&apos;utilisez plus ce fichier et prévenez le siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La lecture %1 n&apos;existe pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chaîne des lectures rompue à la lecture %1 (lecture modifiée, ajoutée ou supprimée hors de Plume).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecture %1 : écrite hors de Plume (absente de la chaîne des lectures).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecture %1 : modifiée hors de Plume (ne correspond plus à la chaîne des lectures).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecture %1 : supprimée hors de Plume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;entrée d&apos;audit %1 ancre les lectures jusqu&apos;à la lecture %2, que la chaîne des lectures n&apos;atteint plus (lectures supprimées ou recalculées hors de Plume).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture de la chaîne impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture de la ligne à chaîner impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement dans la chaîne impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>liste des lignes à chaîner impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>liste des lignes chaînées impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier de bureau Plume : ce n&apos;est pas une base de données SQLite (un PV exporté en JSON, CSV ou PDF, peut-être ?). Donnez le fichier du bureau, celui que « plumectl station init » ou l&apos;assistant de Plume a créé. (détail technique : %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistrement de la saisie non confirmée impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suppression de la saisie non confirmée impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture des saisies non confirmées impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La clé du bureau a été enlevée ou remplacée dans le fichier depuis que Plume l&apos;a ouvert (modifié hors de Plume) : la phrase secrète ne peut plus être vérifiée. Fermez Plume, puis vérifiez le fichier (plumectl db check).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV scellé version %1 a disparu du journal d&apos;audit ou de la file d&apos;envoi (scellement effacé hors de Plume).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trait %1 : son lien dans la chaîne des traits n&apos;a pas le sceau du bureau (trait ou chaîne réécrits hors de Plume).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecture %1 : son lien dans la chaîne des lectures n&apos;a pas le sceau du bureau (lecture ou chaîne réécrites hors de Plume).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Aucune donnée personnelle n&apos;est effacée tant que le fichier ne passe pas son contrôle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File d&apos;envoi : pas d&apos;envoi non livré %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, ligne %2 : modifiée hors de Plume ; Plume n&apos;y écrit plus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, ligne %2 : clé de type %3, écrite hors de Plume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 a été supprimé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 a été remplacé par un autre fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pendant que Plume l&apos;avait ouvert : plus rien n&apos;y est écrit. La copie de secours de ce que Plume avait enregistré a échoué (%2) : ne fermez pas Plume avant d&apos;avoir prévenu le siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pendant que Plume l&apos;avait ouvert : plus rien n&apos;y est écrit. Ce que Plume avait enregistré est sauvé dans %2 : gardez les deux fichiers et prévenez le siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Contrôle d&apos;intégrité SQLite : %n problème(s) dans les pages du fichier (SQLite, en anglais : %1)</source>
        <translation><numerusform>Contrôle d'intégrité SQLite : %n problème dans les pages du fichier (SQLite, en anglais : %1)</numerusform><numerusform>Contrôle d'intégrité SQLite : %n problèmes dans les pages du fichier (SQLite, en anglais : %1)</numerusform></translation>
    </message>
    <message>
        <source>%1 est un lien symbolique (vers %2) : Plume crée un fichier de bureau à un chemin où rien n&apos;existe, jamais à travers un lien.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;existe pas : créez-le d&apos;abord, ou choisissez un autre chemin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;envoi %1 a été vidé (retiré de la file, ou effacé après sa livraison) : il n&apos;a plus rien à envoyer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retrait d&apos;un envoi de la file impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;envoi %1 a déjà été présenté au siège : il ne se retire plus de la file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ne peut pas être ouvert : le disque qui le porte est plein (%2 Kio libres). Libérez de la place sur ce disque puis recommencez ; le fichier n&apos;a pas été modifié.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est sur un support en lecture seule (clé protégée en écriture, disque monté en lecture seule) : Plume écrit son journal à côté du fichier. Copiez-le sur un disque où vous pouvez écrire, puis ouvrez la copie.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vous n&apos;avez pas le droit d&apos;écrire dans %1 : Plume écrit son journal à côté du fichier. Ouvrez-le avec le compte qui l&apos;a créé, ou copiez-le dans un dossier à vous.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 : le disque du fichier de bureau est plein ; rien de cette opération n&apos;est enregistré. Libérez de la place sur ce disque puis recommencez. (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 : ce compte ne peut pas écrire le fichier de bureau ou son journal (-wal, -shm), en lecture seule ou à un autre compte ; rien n&apos;est enregistré. Ouvrez-le avec le compte qui l&apos;a créé. (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 : un autre programme (la fenêtre Plume, un autre plumectl) écrit dans le fichier de bureau depuis plus de 5 secondes ; rien de cette opération n&apos;est enregistré. Recommencez dans un moment. (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La page %1 porte déjà la feuille « %2 » : une page ne porte qu&apos;une feuille ; rien n&apos;est ajouté.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;envoi %1 n&apos;a plus rien à présenter au siège (livré, ou vidé par un retrait) : rien n&apos;est exporté.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ne peut pas passer au schéma %2 (%3). Son contenu ne correspond pas à la version de schéma qu&apos;il annonce (%4) : fichier modifié hors de Plume, ou abîmé. Gardez-le tel quel et prévenez le siège ; la mise à jour s&apos;est arrêtée avant le schéma %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Submission</name>
    <message>
        <source>« signed » doit contenir exactement uuid, station, kind, version, created_at et payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« uuid » doit être un UUID en minuscules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« station » doit être un code de bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« kind » doit valoir &quot;pv&quot; ou &quot;contacts&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« version » doit être un entier positif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« created_at » doit être une date et heure ISO 8601</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« payload » doit être un objet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible de sceller : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;envoi enregistré n&apos;est pas du JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;envoi enregistré ne correspond pas à son empreinte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON mal formé : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le corps doit être un objet JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« format » doit valoir &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le corps doit contenir exactement format, sha256, signature et signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« sha256 » doit faire 64 chiffres hexadécimaux en minuscules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« signature » doit être une signature Ed25519 en base64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« signature » n&apos;est pas le base64 de 64 octets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« signed » doit être un objet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« signed » ne peut pas être mis en forme canonique : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;empreinte sha256 ne correspond pas au contenu signé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature invalide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON imbriqué sur plus de %1 niveaux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plus de %1 tableaux ou objets JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plus de %1 valeurs JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« signed » doit être reçu tel qu&apos;il a été signé, en JSON canonique (entiers seulement, clés triées, sans espaces)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>une clé de l&apos;enveloppe est écrite deux fois ou avec des échappements</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::forms::FormSession</name>
    <message>
        <source>Cette feuille est scellée ou effacée : son encre ne peut plus être barrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce trait n&apos;est pas sur cette feuille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encre refusée : la fiche contact %1 a été effacée faute de consentement ; rien de ce qui s&apos;écrit sur sa page n&apos;est gardé. Prenez une nouvelle fiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encre refusée : la fiche contact %1 a été remise au siège puis effacée du bureau ; rien de ce qui s&apos;écrit sur sa page n&apos;est gardé. Prenez une nouvelle fiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encre ajoutée sur le PV scellé : elle est gardée et signalée (« ⚠ encre ajoutée »), et le siège la verra dans toute correction ; le PV scellé ne change pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encre ajoutée sur la fiche contact %1, déjà envoyée : elle est gardée et signalée, mais la fiche envoyée ne change pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 au-delà de la dernière fiche contact possible (%2, une par inscrit) : l&apos;encre est gardée, chiffrée, sans ouvrir de fiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 inconnue : l&apos;encre est gardée mais n&apos;appartient à aucune feuille.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::recognition</name>
    <message>
        <source>caractère écrit sur les cases %1-%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encre après une case vide ignorée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 trait(s) hors des cases ignoré(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>marque légère</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas un code postal (%1 chiffres sur 5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas un numéro de téléphone (%1 chiffres sur 10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas une adresse e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas un nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas un nom de commune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ne correspond pas au champ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>illisible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code postal inconnu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lettres et chiffres mêlés dans « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>un nombre ne commence pas par 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lu %1 ; un nombre ne commence pas par 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lu %1 (F2) ; %2 proposé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 proposé en F2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nom fréquent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prénom fréquent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seule commune de ce code postal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commune de ce code postal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code postal de %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d&apos;après le prénom et le nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fournisseur courant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type de voie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mot de rue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code de ce bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lu %1 ; %2 proposé (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calcul du PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nombre d&apos;inscrits de la liste électorale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>votants = enveloppes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lu %1, changé en %2 pour que %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>votants ≤ inscrits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exprimés = enveloppes − blancs − nuls = Σ voix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calcul du PV rétabli (%1) : vérifiez sur le papier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>votants (%1) &gt; inscrits (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exprimés (%1) ≠ enveloppes − blancs − nuls (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Σ voix (%1) ≠ exprimés (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV incohérent, aucune lecture cohérente assez probable : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV incohérent, aucune lecture cohérente trouvée : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>champs illisibles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lu %1 : une apostrophe ne suit que la première lettre d&apos;un mot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d&apos;après l&apos;e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible de lire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas du JSON valide : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucun lexique trouvé (voir PLUME_LEXICON_DIR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nom de rue fréquent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucune commune lue dans %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lexiques indisponibles (%1) : les fiches contact sont lues sans contexte, bien plus de champs sont à vérifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lecture incertaine (confiance %1 %, ce champ en demande %2 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lu %1 : un numéro français commence par 0 puis 1 à 9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas une commune du code postal %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::sync::SyncWorker</name>
    <message>
        <source>Le bureau est verrouillé : l&apos;envoi au siège demande sa phrase secrète (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>réponse du siège trop longue (plus de %1 Kio) : abandonnée, nouvel essai plus tard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas de réponse complète du siège en %1 s : abandonnée, nouvel essai plus tard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts remis au siège mais pas encore effacés de ce poste : %1. Nouvel essai au prochain reçu et au prochain envoi ; « plumectl contacts purge » le fait à la main.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>pas de réponse du siège en %n seconde(s) ; nouvel essai plus tard</source>
        <translation><numerusform>pas de réponse du siège en %n seconde ; nouvel essai plus tard</numerusform><numerusform>pas de réponse du siège en %n secondes ; nouvel essai plus tard</numerusform></translation>
    </message>
    <message>
        <source>HTTP %1 : le siège renvoie vers %2 ; Plume ne suit pas les redirections (vérifiez l&apos;adresse du siège)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (réponse sans la règle du siège, venue d&apos;un relais : nouvel essai plus tard)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::Application</name>
    <message>
        <source>Plume doit s&apos;arrêter : le fichier du bureau ne peut plus être lu ou écrit.
%1

Vérifiez-le avec «&#xa0;plumectl db check FICHIER&#xa0;» avant de le rouvrir ; s&apos;il ne se lit plus, rouvrez une copie de sauvegarde et prévenez le siège.</source>
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
    <message>
        <source>Exporter le PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;PV scellé&lt;/b&gt; (version %1). Empreinte SHA-256 :&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Il sera envoyé au siège dès que le réseau le permet ; %n lot(s) de fiches contact en attente.</source>
        <translation><numerusform>Il sera envoyé au siège dès que le réseau le permet ; %n lot de fiches contact en attente.</numerusform><numerusform>Il sera envoyé au siège dès que le réseau le permet ; %n lots de fiches contact en attente.</numerusform></translation>
    </message>
    <message>
        <source>Nom d&apos;un autre membre présent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter un membre du bureau présent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est déjà dans la liste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;élection ne liste pas ses membres : ajoutez chacun des autres par son nom, sous la liste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De l&apos;encre a été écrite après la décision : revoyez %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV en %1 (*.%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ PV exporté en %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Siège…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer l&apos;adresse du siège, son certificat et sa clé</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Il attend dans la file d&apos;envoi : la configuration du siège est refusée (%1). Il partira dès qu&apos;elle sera corrigée (bouton « Siège… » ci-dessous, ou &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;). %n lot(s) de fiches contact en attente.</source>
        <translation><numerusform>Il attend dans la file d'envoi : la configuration du siège est refusée (%1). Il partira dès qu'elle sera corrigée (bouton « Siège… » ci-dessous, ou &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;). %n lot de fiches contact en attente.</numerusform><numerusform>Il attend dans la file d'envoi : la configuration du siège est refusée (%1). Il partira dès qu'elle sera corrigée (bouton « Siège… » ci-dessous, ou &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;). %n lots de fiches contact en attente.</numerusform></translation>
    </message>
    <message>
        <source>✔ Siège enregistré : le PV partira vers %1 dès que le réseau le permet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contrôles du PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Résumé avant le scellement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pour pouvoir sceller</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;Les valeurs confirmées ne contredisent aucune règle, mais %n valeur(s) reste(nt) à confirmer : les règles ne sont acquises qu&apos;une fois toutes confirmées.&lt;/p&gt;</source>
        <translation><numerusform>&lt;p&gt;Les valeurs confirmées ne contredisent aucune règle, mais %n valeur reste à confirmer : les règles ne sont acquises qu'une fois toutes confirmées.&lt;/p&gt;</numerusform><numerusform>&lt;p&gt;Les valeurs confirmées ne contredisent aucune règle, mais %n valeurs restent à confirmer : les règles ne sont acquises qu'une fois toutes confirmées.&lt;/p&gt;</numerusform></translation>
    </message>
    <message>
        <source>Fichier hors ligne…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sans réseau : un fichier chiffré pour le siège, à lui porter</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Il attend dans la file d&apos;envoi : aucun siège n&apos;est configuré pour ce bureau. Il partira dès que le siège le sera (bouton « Siège… » ci-dessous, ou &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;) ; d&apos;ici là, exportez-le ci-dessous ou faites un fichier hors ligne pour le siège (« Fichier hors ligne… »). %n lot(s) de fiches contact en attente.</source>
        <translation><numerusform>Il attend dans la file d'envoi : aucun siège n'est configuré pour ce bureau. Il partira dès que le siège le sera (bouton « Siège… » ci-dessous, ou &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;) ; d'ici là, exportez-le ci-dessous ou faites un fichier hors ligne pour le siège (« Fichier hors ligne… »). %n lot de fiches contact en attente.</numerusform><numerusform>Il attend dans la file d'envoi : aucun siège n'est configuré pour ce bureau. Il partira dès que le siège le sera (bouton « Siège… » ci-dessous, ou &lt;tt&gt;plumectl station set-hq&lt;/tt&gt;) ; d'ici là, exportez-le ci-dessous ou faites un fichier hors ligne pour le siège (« Fichier hors ligne… »). %n lots de fiches contact en attente.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) reçu(s) du stylo attend(ent) d&apos;être placé(s) et lu(s) : un instant.</source>
        <translation><numerusform>%n trait reçu du stylo attend(ent) d'être placé et lu : un instant.</numerusform><numerusform>%n traits reçus du stylo attend(ent) d'être placés et lus : un instant.</numerusform></translation>
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
        <source>✔ Le bureau sera créé dans %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le bureau n&apos;a pas pu être créé : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Le bureau sera créé dans %1 ; le dossier %2, qui n&apos;existe pas encore, sera créé en passant à l&apos;étape suivante.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;existe pas et ne peut pas être créé ici : choisissez un autre emplacement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;a pas pu être créé : choisissez un autre emplacement.</source>
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
    <message>
        <source>Barrer le trait le plus proche…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2 (non confirmé)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::HqDialog</name>
    <message>
        <source>Siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Où envoyer les PV et les fiches contact, et comment reconnaître le siège. Le siège vous donne son adresse, l&apos;empreinte de son certificat (ou le fichier de son autorité) et sa clé publique (&lt;tt&gt;plume-hq keys show&lt;/tt&gt;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Adresse du siège :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>64 chiffres hexadécimaux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucun (l&apos;empreinte suffit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hoisir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ou fichier d&apos;autorité (PEM) :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base64, 44 caractères</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clé publique du siège :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>celui enregistré dans le bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la clé publique du siège doit être le base64 de 32 octets d&apos;une clé Ed25519 (plume-hq keys show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier d&apos;autorité du siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificats PEM (*.pem *.crt);;Tous les fichiers (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Em&amp;preinte SHA-256 du certificat :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demandée à nouveau : le siège reçoit les fiches contact, et ses accusés de réception les effacent du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tapez la phrase secrète du bureau : changer le siège décide où partent les fiches contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase &amp;secrète du bureau :</source>
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
        <source>Revenir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Édition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprendre la dernière décision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La dernière décision de la feuille est reprise (gardée dans l&apos;historique) : le champ attend de nouveau un membre du bureau (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Barrer un trait du champ…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encre parasite (un clic, une trace de la main) : le trait est barré, gardé et n&apos;est plus lu (Ctrl+B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n lot(s) de fiches contact prêt(s) pour le siège.</source>
        <translation><numerusform>%n lot de fiches contact prêt pour le siège.</numerusform><numerusform>%n lots de fiches contact prêts pour le siège.</numerusform></translation>
    </message>
    <message>
        <source>Fichier du bureau modifié hors de Plume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ Ce fichier du bureau a été modifié hors de Plume.&lt;/b&gt; Le contrôle d&apos;intégrité a trouvé : %1&lt;br&gt;&lt;b&gt;Le PV ne pourra pas être scellé à partir de ce fichier.&lt;/b&gt; Appelez la personne responsable de l&apos;élection, gardez le PV papier et ne modifiez pas le fichier ; &lt;tt&gt;&lt;nobr&gt;plumectl db check&lt;/nobr&gt;&lt;/tt&gt; en donne le détail. Plume n&apos;a rien réparé ni effacé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tapez le nom du membre du bureau de service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Ce nom est trop long : %n caractères au plus.</source>
        <translation><numerusform>Ce nom est trop long : %n caractères au plus.</numerusform><numerusform>Ce nom est trop long : %n caractères au plus.</numerusform></translation>
    </message>
    <message>
        <source>Un nom s&apos;écrit en lettres ; espace, trait d&apos;union, apostrophe, point et parenthèses sont permis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier de l&apos;élection ne liste aucun membre du bureau. Qui confirme les valeurs ? Tapez son nom (enregistré avec chaque décision).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On écrit sur « %1 » : Ctrl+Page suiv. pour la voir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Corrections du PV scellé en attente, pas encore scellées : %n.</source>
        <translation><numerusform>Corrections du PV scellé en attente, pas encore scellées : %n.</numerusform><numerusform>Corrections du PV scellé en attente, pas encore scellées : %n.</numerusform></translation>
    </message>
    <message>
        <source>Si vous quittez maintenant, rien n&apos;en sera gardé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valeurs non gardées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quitter sans les garder</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n correction(s) saisie(s), non confirmée(s) : Entrée pour confirmer, Échap pour abandonner.</source>
        <translation><numerusform>%n correction saisie, non confirmée : Entrée pour confirmer, Échap pour abandonner.</numerusform><numerusform>%n corrections saisies, non confirmées : Entrée pour confirmer, Échap pour abandonner.</numerusform></translation>
    </message>
    <message>
        <source>« %1 » : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La clôture attend : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>, ✎ %n non confirmée(s)</source>
        <translation><numerusform>, ✎ %n non confirmée</numerusform><numerusform>, ✎ %n non confirmées</numerusform></translation>
    </message>
    <message>
        <source>&amp;Siège…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse du siège, son certificat et sa clé : où partent les PV et les fiches contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Siège enregistré : les envois partiront vers %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verrouiller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cacher les feuilles et leurs valeurs jusqu&apos;à la phrase secrète du bureau (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stylo : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>, %n à taper</source>
        <translation><numerusform>, %n à taper</numerusform><numerusform>, %n à taper</numerusform></translation>
    </message>
    <message>
        <source>Reconnaissance : sans lexiques</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qui confirme les valeurs ? Choisissez un nom avec les flèches, puis Entrée (enregistré avec chaque décision).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>La clôture attend que l&apos;encre reçue soit lue (%n trait(s) à placer).</source>
        <translation><numerusform>La clôture attend que l'encre reçue soit lue (%n trait à placer).</numerusform><numerusform>La clôture attend que l'encre reçue soit lue (%n traits à placer).</numerusform></translation>
    </message>
    <message>
        <source>L&apos;encre reçue est lue : la clôture peut s&apos;ouvrir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;table cellspacing=&apos;4&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Entrée&lt;/b&gt;&lt;/td&gt;&lt;td&gt;confirmer la valeur et passer au champ suivant qui attend un membre du bureau&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Entrée, Ctrl+Entrée&lt;/b&gt;&lt;/td&gt;&lt;td&gt;valeur douteuse : Entrée montre l&apos;encre agrandie, Ctrl+Entrée garde la valeur après un temps de regard (Entrée seule ne confirme jamais une valeur douteuse)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Taper&lt;/b&gt;&lt;/td&gt;&lt;td&gt;remplacer la valeur (puis Entrée ; le champ quitté sans Entrée garde la saisie, « ✎ non confirmé »)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Échap&lt;/b&gt;&lt;/td&gt;&lt;td&gt;annuler la saisie (une correction non confirmée comprise)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F2 à F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;prendre une autre lecture (en tapant : celles qui commencent par ce qui est tapé ; la lecture d&apos;origine reste proposée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Z&lt;/b&gt;&lt;/td&gt;&lt;td&gt;dans la valeur, défaire d&apos;abord la saisie ; puis reprendre la dernière décision de la feuille (elle reste dans l&apos;historique ; le champ attend de nouveau un membre du bureau)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+B&lt;/b&gt;&lt;/td&gt;&lt;td&gt;barrer un trait parasite du champ (il reste, barré, et n&apos;est plus lu ; aussi clic droit sur la page)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Flèches haut / bas&lt;/b&gt;&lt;/td&gt;&lt;td&gt;changer de champ&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Tab, Maj+Tab&lt;/b&gt;&lt;/td&gt;&lt;td&gt;passer de la liste des champs à la valeur, aux feuilles, au membre de service&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Page suiv. / préc.&lt;/b&gt;&lt;/td&gt;&lt;td&gt;feuille suivante / précédente&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;clôturer et sceller le PV (jamais d&apos;un seul Entrée)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Maj+K&lt;/b&gt;&lt;/td&gt;&lt;td&gt;corriger le PV scellé (nouvelle version)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+W&lt;/b&gt;&lt;/td&gt;&lt;td&gt;écrire à la souris ou à la tablette&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+plus, Ctrl+moins, Ctrl+0&lt;/b&gt;&lt;/td&gt;&lt;td&gt;agrandir, réduire la page, page entière (aussi Ctrl+molette)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;nouvelle fiche contact&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+P&lt;/b&gt;&lt;/td&gt;&lt;td&gt;appairer un stylo&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+L&lt;/b&gt;&lt;/td&gt;&lt;td&gt;verrouiller la fenêtre (aussi après quelques minutes sans clavier ni souris) ; la phrase secrète du bureau la déverrouille&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F1&lt;/b&gt;&lt;/td&gt;&lt;td&gt;cette aide&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;quitter&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;Le membre de service ne change que par son bouton, en haut.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier &amp;hors ligne pour le siège…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sans réseau : le PV scellé et les fiches contact en attente, chiffrés pour le siège dans un fichier à lui porter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sans réseau, le PV scellé et les fiches contact partent par un fichier hors ligne (Fichier &gt; Fichier hors ligne pour le siège…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accusés de réception du siège…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier que le siège a écrit en recevant le fichier hors ligne : les envois sont marqués livrés et les fiches contact effacées de ce poste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>envoyée au siège, effacée du bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Encre non enregistrée : nouvel essai en cours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;encre n&apos;est pas enregistrée : %1</source>
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
    <message>
        <source>Écrire à la souris (Ctrl+W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sans stylo : écrivez dans les cases avec la souris ou une tablette</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::PassphraseFields</name>
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
    <message>
        <source>très faible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>faible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moyenne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bonne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>excellente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moins d&apos;une minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quelques minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quelques heures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quelques jours ou semaines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quelques mois</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>des années</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>des siècles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solidité de la phrase secrète</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solidité :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solidité : &lt;b&gt;%1&lt;/b&gt; (%2 sur 4) — à un essai par seconde, il faudrait %3 pour la deviner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tapez-la une seconde fois dans la case du dessous.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::PassphraseTries</name>
    <message numerus="yes">
        <source>Nouvel essai possible dans %n seconde(s).</source>
        <translation><numerusform>Nouvel essai possible dans %n seconde.</numerusform><numerusform>Nouvel essai possible dans %n secondes.</numerusform></translation>
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
    <message>
        <source>Cette feuille est scellée : ses décisions ne peuvent plus être reprises.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune décision à reprendre sur cette feuille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune correction en attente à reprendre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction reprise : « %1 » garde sa valeur scellée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette feuille est scellée : son encre ne peut plus être barrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce champ n&apos;a pas d&apos;encre à barrer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trait barré : il reste dans le fichier du bureau et dans l&apos;historique, mais n&apos;est plus lu. « %1 » a été relu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ encre ajoutée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ Encre ajoutée après la décision&lt;/b&gt; (« %1 », %2 à %3) : le papier dit peut-être autre chose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La machine lit maintenant « %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encre en cours de lecture : attendez sa lecture, ou tapez la valeur écrite sur le papier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trait barré : il reste dans le fichier du bureau et dans l&apos;historique, mais n&apos;est plus lu. « %1 » a été relu ; sa valeur décidée est reprise : il attend de nouveau un membre du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;✎ Correction saisie, non confirmée&lt;/b&gt; : &lt;b&gt;Entrée&lt;/b&gt; la confirme, &lt;b&gt;Échap&lt;/b&gt; l&apos;abandonne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune autre lecture ne commence par « %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lectures qui commencent par « %1 » : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La valeur vient de changer : « %1 ». Vérifiez-la sur le papier, puis Entrée de nouveau pour la confirmer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction saisie abandonnée : « %1 » garde sa valeur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;encre de ce champ a changé depuis votre saisie : la machine n&apos;y lit plus rien. Vérifiez sur le papier, puis Entrée de nouveau pour garder « %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;encre de ce champ a changé depuis votre saisie : la machine lit maintenant « %1 ». Vérifiez sur le papier, puis Entrée de nouveau pour garder « %2 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les autres lectures viennent de changer : F%1 est maintenant « %2 ». Vérifiez-la, puis F%1 de nouveau pour la prendre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrections non confirmées illisibles : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction non confirmée gardée dans cette fenêtre seulement : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (feuille %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrections non confirmées illisibles, écartées (fichier endommagé ?) : %1. Retapez-les si besoin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ Encre ajoutée après le scellé&lt;/b&gt; : « %1 » est scellé, le papier dit peut-être autre chose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnaissance indisponible : aucune lecture ne viendra. Tapez la valeur écrite sur le papier, puis Entrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Décision reprise : « %1 » (%2) attend de nouveau un membre du bureau ; rien n&apos;est effacé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>De l&apos;encre arrive encore (%n trait(s) à placer) : attendez qu&apos;elle soit lue, puis confirmez.</source>
        <translation><numerusform>De l'encre arrive encore (%n trait à placer) : attendez qu'elle soit lue, puis confirmez.</numerusform><numerusform>De l'encre arrive encore (%n traits à placer) : attendez qu'elle soit lue, puis confirmez.</numerusform></translation>
    </message>
    <message>
        <source>L&apos;encre reçue est lue : Entrée confirme de nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparez avec l&apos;encre agrandie : &lt;b&gt;Ctrl+Entrée&lt;/b&gt; garde « %1 », sinon tapez la bonne valeur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Entrée&lt;/b&gt; montre l&apos;encre agrandie ; puis &lt;b&gt;Ctrl+Entrée&lt;/b&gt; garde la valeur décidée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Entrée&lt;/b&gt; montre l&apos;encre agrandie ; puis &lt;b&gt;Ctrl+Entrée&lt;/b&gt; garde la valeur lue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecture douteuse : Entrée seule ne la confirme pas. Comparez avec l&apos;encre agrandie, puis Ctrl+Entrée pour garder « %1 », ou tapez la valeur écrite sur le papier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tapez oui (case cochée) ou non (case vide)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Entrée ne sert qu&apos;à garder une valeur douteuse : Entrée confirme celle-ci.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prenez le temps de comparer avec l&apos;encre agrandie : Ctrl+Entrée de nouveau garde « %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« %1 » vient de s&apos;afficher : regardez sa valeur, puis cliquez de nouveau sur Confirmer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrait du consentement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette fiche est déjà dans un lot pour le siège. La retirer du lot et l&apos;effacer ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer et effacer la fiche</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n champ(s) du PV avec de l&apos;encre ajoutée après la décision : à revoir.</source>
        <translation><numerusform>%n champ du PV avec de l'encre ajoutée après la décision : à revoir.</numerusform><numerusform>%n champs du PV avec de l'encre ajoutée après la décision : à revoir.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n correction(s) saisie(s) sur le PV, non confirmée(s).</source>
        <translation><numerusform>%n correction saisie sur le PV, non confirmée.</numerusform><numerusform>%n corrections saisies sur le PV, non confirmées.</numerusform></translation>
    </message>
    <message>
        <source>« %1 » vient de s&apos;afficher : comparez avec l&apos;encre agrandie, puis cliquez de nouveau sur Garder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Garder « %1 » (Ctrl+Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« %1 » vient de s&apos;afficher : regardez-le, puis tapez de nouveau.</source>
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
    <message>
        <source>ce bureau est déjà ouvert dans une autre fenêtre Plume (processus %1 sur %2). Fermez-la d&apos;abord : deux fenêtres sur le même fichier se contredisent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible de réserver %1 pour cette fenêtre : le verrou %2 ne peut pas être créé (dossier en lecture seule, ou %2 n&apos;est pas un fichier ?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La clé du siège n&apos;est pas connue : enregistrez-la d&apos;abord par « Siège… » (le siège la donne avec plume-hq keys show).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::StrikeDialog</name>
    <message>
        <source>Barrer de l&apos;encre parasite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; : choisissez le trait à barrer (en rouge). Il reste dans le fichier du bureau et dans l&apos;historique, barré ; il n&apos;est plus lu ni scellé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traits du champ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>par exemple : clic en choisissant la case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pourquoi ce trait est-il barré ? (obligatoire)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Barrer ce trait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trait %1 : %2 mm, écrit à %3</source>
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
    <message>
        <source>Vous pouvez réessayer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plume::ui::WindowLock</name>
    <message>
        <source>Fenêtre verrouillée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les feuilles et leurs valeurs sont cachées. Le stylo continue d&apos;enregistrer l&apos;encre ; les envois au siège continuent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phrase secrète du bureau :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète du bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce bureau n&apos;a pas de phrase secrète connue (démonstration, ou bureau sans phrase secrète) : Entrée suffit pour déverrouiller.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Déverrouiller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bureau « %1 » — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tapez la phrase secrète du bureau, puis Entrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 La fenêtre reste verrouillée (%n essai(s) manqué(s)).</source>
        <translation><numerusform>%1 La fenêtre reste verrouillée (%n essai manqué).</numerusform><numerusform>%1 La fenêtre reste verrouillée (%n essais manqués).</numerusform></translation>
    </message>
    <message>
        <source>Vous pouvez réessayer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plumectl</name>
    <message>
        <source>Le bureau %1 n&apos;est pas enregistré au siège (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Un bureau a toujours une phrase secrète : donnez-la avec --passphrase-file FICHIER (ou PLUME_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase secrète du bureau : </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La même, encore une fois : </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les deux phrases secrètes diffèrent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce qu&apos;il faut exporter : pv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pdf (à imprimer et signer), csv (tableurs français) ou json (scellé, signé).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier à écrire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporte le PV. Les fiches contact ne sont jamais exportées : elles ne vont qu&apos;au siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--what pv est le seul export (les fiches contact ne vont qu&apos;au siège, jamais dans un fichier en clair)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format doit valoir pdf, csv ou json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--out CHEMIN est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>écrit : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La clé publique Ed25519 du bureau (base64) en laquelle vous avez confiance, par exemple celle de l&apos;enregistrement au siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prend la clé enregistrée au siège (sqlite:CHEMIN ou postgresql://...).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prend la clé de ce fichier de bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document du PV scellé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérifie un document de PV scellé (export JSON) : « valid » (code 0) seulement pour une clé de confiance ; une signature correcte d&apos;une clé inconnue sort avec le code 3 ; « INVALID: raison » avec le code 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>donnez exactement un FICHIER.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible de lire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le fichier est trop gros pour un document de PV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Met en file pour le siège, tout de suite, chaque fiche contact confirmée (consentement oui, champs obligatoires décidés).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n fiche(s) contact mise(s) en file</source>
        <translation><numerusform>%n fiche contact mise en file</numerusform><numerusform>%n fiches contact mises en file</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n lot(s)</source>
        <translation><numerusform>%n lot</numerusform><numerusform>%n lots</numerusform></translation>
    </message>
    <message>
        <source>Écrit les envois en attente dans un fichier chiffré pour la clé du siège, à y porter quand il n&apos;y a pas de réseau (plume-hq import).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--out FICHIER.plume est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau est verrouillé : donnez --passphrase-file (il faut lire les lots livrés pour trouver leurs fiches)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n fiche(s) contact livrée(s) effacée(s)</source>
        <translation><numerusform>%n fiche contact livrée effacée</numerusform><numerusform>%n fiches contact livrées effacées</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n fiche(s) sans consentement</source>
        <translation><numerusform>%n fiche sans consentement</numerusform><numerusform>%n fiches sans consentement</numerusform></translation>
    </message>
    <message>
        <source> (les données sont effacées ; relancez quand la fenêtre de Plume est fermée pour compacter le fichier)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier qui contient la nouvelle phrase secrète (par défaut : --passphrase-file pour un bureau qui n&apos;en a pas encore).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protège les fiches contact par une phrase secrète du bureau, ou la change (--passphrase-file = l&apos;actuelle).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>donnez la nouvelle phrase secrète avec --new-passphrase-file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>les fiches contact sont maintenant protégées par la phrase secrète du bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>phrase secrète du bureau changée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exporte le PV : --what pv --format pdf|csv|json --out CHEMIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vérifie un document de PV scellé (export JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>envois en attente dans un fichier chiffré pour le siège (sans réseau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>met en file pour le siège, tout de suite, chaque fiche contact confirmée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>efface du bureau les fiches contact reçues par le siège (les comptes restent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>protège les fiches contact par une phrase secrète, ou la change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pv ou contact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF à écrire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection (candidats du PV ; par défaut : l&apos;élection de démonstration).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier du bureau (son élection, au lieu de --election).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Produit un formulaire vierge à imprimer sur le papier du stylo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--form doit valoir pv ou contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--out FICHIER.pdf est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier d&apos;élection invalide : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV ou fiche contact vierge en PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnaissance indisponible (%1) : les valeurs devront être tapées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tcp:HÔTE:PORT, ble:ADRESSE ou replay:FICHIER.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code d&apos;un stylo verrouillé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture pendant S secondes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&apos;arrête après S secondes sans données.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fait aussi entrer les traits dans ce fichier de bureau, comme la fenêtre : page -&gt; feuille -&gt; champ -&gt; lectures (plumectl fields les montre).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture les traits du stylo en InkML.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--pen tcp:HÔTE:PORT|ble:ADRESSE est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>donnez soit --duration S, soit --until-idle S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la durée doit être un nombre positif de secondes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adresse BLE « %1 » invalide (ble:AA:BB:CC:DD:EE:FF attendu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;utiliser %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stylo connecté (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stylo : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnexion (essai %1, dans %2 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le stylo est verrouillé : donnez son code avec --pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le stylo a refusé le code (%1 essais sur %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tous les traits n&apos;ont pas pu être enregistrés : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;écrire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas de connexion au stylo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points décodés pour mesurer le débit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sortie pour les machines (JSON).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Débit et latence du décodage du stylo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--dots doit valoir au moins 1000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>capture les traits d&apos;un stylo (BLE ou simulateur) en InkML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>débit du décodage du stylo et latence des traits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier de l&apos;élection (JSON).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crée un nouveau fichier de bureau (n&apos;écrase jamais), protégé par sa phrase secrète (--passphrase-file, PLUME_PASSPHRASE_FILE, ou demandée au terminal).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--election FICHIER.json est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 créé pour le bureau %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Décrit un fichier de bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse de page du stylo S.O.N.P (facultative).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajoute une feuille et affiche son identifiant (le PV est « pv »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--form contact est obligatoire (la feuille du PV existe déjà : « pv »)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--page doit ressembler à 3.27.603.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifiant de la feuille (par défaut : toutes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liste les champs : lecture, confiance, décision, état.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifiant de la feuille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom du champ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom du membre du bureau qui décide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistre la décision d&apos;un membre du bureau sur un champ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nombre de traits à écrire (2000 par défaut).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traits par seconde (20 par défaut ; 0 = aussi vite que possible).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Délai avant qu&apos;un trait soit durable, par l&apos;écrivain en arrière-plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--strokes doit être &gt; 0 et --rate &gt;= 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;écrivain n&apos;a pas fini : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>délai de durabilité d&apos;un trait (mise en file -&gt; écrit sur disque)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crée un fichier de bureau à partir d&apos;un fichier d&apos;élection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intégrité et journal d&apos;audit : affiche ok ou la première ligne fautive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>décrit un fichier de bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ajoute une fiche contact, affiche son identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>champs avec lecture, décision et état</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistre la décision d&apos;un membre du bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce fichier de bureau n&apos;a pas de paire de clés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membre du bureau qui clôt le PV (un --official par membre).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pourquoi une règle n&apos;est pas respectée ou une valeur manque (va dans les observations), ou pourquoi un PV scellé reçoit une nouvelle version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrige un champ du PV avant de sceller une nouvelle version (répétable ; demande --reason).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérifie, scelle et signe le PV (une nouvelle version s&apos;il est déjà scellé) ; le met en file pour le siège, avec les fiches contact confirmées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--correct attend CHAMP=VALEUR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--official NOM est obligatoire (un par membre du bureau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV scellé, version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expliqué (%1 %2) : %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n lot(s) de fiches contact mis en file</source>
        <translation><numerusform>%n lot de fiches contact mis en file</numerusform><numerusform>%n lots de fiches contact mis en file</numerusform></translation>
    </message>
    <message>
        <source>fiches contact non mises en lot : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liste les envois et leur état de livraison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UUID de l&apos;envoi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Affiche le corps HTTP exact d&apos;un envoi (sans fin de ligne ajoutée dans un tube).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas d&apos;envoi %1 dans la file d&apos;envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remet en file un envoi refusé, une fois la cause réglée (par exemple le bureau enregistré au siège) ; plumectl sync l&apos;envoie alors de nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--id UUID est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;envoi %1 est « %2 », pas refusé : seul un envoi refusé peut être remis en file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remis en file : %1 (%2 v%3) ; plumectl sync l&apos;envoie de nouveau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>affiche la clé publique Ed25519 du bureau (base64)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vérifie, scelle et signe le PV ; le met en file pour le siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>envois et leur état de livraison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>affiche le corps HTTP exact d&apos;un envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remet en file un envoi refusé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier qui contient la phrase secrète du bureau (par défaut : $PLUME_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--db FICHIER est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utilisation : plumectl &lt;commande&gt; [options]   (plumectl &lt;commande&gt; --help pour le détail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plume %1 - procès-verbaux du bureau de vote au stylo numérique.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commandes :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commande inconnue « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la raison se donne avec --reason TEXTE, chaque membre du bureau présent avec --official NOM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La clé du bureau %1 a été révoquée au siège (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--hq-key doit être le base64 d&apos;une clé de 32 octets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caractères permis : digits, upper, lower, alpha, alnum, email, name, all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dossier du modèle (par défaut : $PLUME_MODEL_DIR, &lt;exe&gt;/../share/plume/models, dans une construction de développement resources/models des sources).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fichier d&apos;élection invalide : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autres lectures par caractère (5 par défaut).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode page : fichier d&apos;élection pour les candidats du PV (par défaut : la démonstration).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnaît chaque traceGroup d&apos;un fichier InkML comme un caractère (les traits isolés forment un caractère).
L&apos;encre dont les traceGroups portent des adresses de page (et pas de vérité) sur un formulaire connu est lue champ par champ.
Affiche : rang, meilleur caractère, confiance, signalement, autres lectures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recognize attend un seul fichier InkML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jeu de caractères inconnu : « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--n attend un nombre positif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dossier où chercher les *.inkml (sous-dossiers compris).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scripteurs à utiliser : all (par défaut), val ou train, selon la répartition des scripteurs du modèle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nombre de confusions à afficher (20 par défaut).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Écarte les fragments de segmentation : un seul trait droit étiqueté comme un chiffre ou une lettre que personne n&apos;écrit d&apos;un trait droit (une barre seule étiquetée 4 ou B). Comptés et signalés.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Évalue le lecteur sur des échantillons de caractères InkML : chaque traceGroup annoté (vérité) est un échantillon.
Sans --charset, chaque échantillon est lu avec le jeu de sa vérité : digits pour 0-9, upper pour A-Z, lower pour a-z, all sinon. Les échantillons hors du jeu sont écartés.
Un échantillon est signalé quand sa confiance est sous le seuil du modèle pour son jeu.
Dernière ligne : accuracy=... n=... flagged=... flagged_error_recall=...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eval attend --data DOSSIER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--split doit valoir all, val ou train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 écarté : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucun échantillon annoté (vérité) sous %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caractères à chronométrer (500 par défaut).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chronomètre le lecteur sur un cœur : chargement du modèle, latence p50/p99 par caractère et par champ (code postal de 5 cases) prétraitement compris, chargement des lexiques, fiches contact lues en contexte par FormSession (lectures enregistrées ; trait par trait comme le stylo les écrit, et fiches entières comme plumectl recognize lit un fichier), mémoire maximale (VmHWM). Encre synthétique déterministe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--n attend un nombre &gt;= 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la classification a échoué</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pas de lexiques ni de fiche contact pour la mesure des fiches contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnaît les caractères d&apos;un fichier InkML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exactitude du lecteur sur des échantillons InkML annotés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latence du lecteur, temps de chargement et mémoire maximale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exactitude et signalements par champ sur des PV et fiches contact synthétisés (scripteurs de validation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clé publique Ed25519 du siège, en base64 (affichée par plume-hq keys show) : elle vérifie les accusés de réception et chiffre les fichiers hors ligne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--hq-key doit être le base64 de la clé publique Ed25519 du siège, 32 octets (plume-hq keys show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse (URL) de base du siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 (hexadécimal) du certificat du siège (DER).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier PEM de l&apos;autorité qui signe le certificat du siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistre l&apos;adresse du siège, comment lui faire confiance (empreinte TLS ou fichier d&apos;autorité ; http simple seulement en local) et sa clé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistre la clé publique Ed25519 du siège (comme station set-hq --hq-key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clé du siège enregistrée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse du siège (par défaut : celle de station set-hq).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Un essai par envoi en file, puis fin (0 quand il ne reste rien à envoyer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Envoie la file d&apos;envoi au siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistre l&apos;adresse du siège et son empreinte TLS ou son autorité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enregistre la clé publique Ed25519 du siège (accusés de réception, fichiers hors ligne)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>envoie la file d&apos;envoi au siège (--once : un passage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible d&apos;écrire %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synthétise des PV et des fiches contact avec les caractères des scripteurs de validation placés dans les cases des modèles (60-80 % de la hauteur de case, adresses de page et Ncode comme le stylo les envoie), les lit en mode page (la FormSession de la fenêtre) et affiche, par type de champ : justes, signalés, justes mais signalés, faux non signalés ; puis de même pour les valeurs rares (noms, rues, parties locales de courriel qu&apos;aucun lexique ne contient). Déterministe pour un --seed.
Dernière ligne : pv_all_right=... contact_sheets_all_right=... contact_fields_right=... right_flagged=... unflagged_wrong=... (right_flagged : champs de fiche justes mais signalés ; unflagged_wrong : faux non signalés, sur tous les champs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eval-sheets attend --data DOSSIER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--seed, --pvs, --sheets et --show-errors attendent des nombres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eval-sheets a besoin des lexiques (resources/lexicons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucun échantillon de scripteur de validation sous %1/unipen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention : la clé du siège n&apos;est pas enregistrée : aucun accusé de réception ne sera accepté tant que --hq-key B64 n&apos;est pas donnée (plume-hq keys show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention : la clé du siège n&apos;est pas enregistrée : rien ne peut être marqué livré ; lancez plumectl station set-hq --db FICHIER --hq URL --hq-key B64 (plume-hq keys show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est le fichier du bureau : --out et --record doivent nommer d&apos;autres fichiers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Formulaire : contact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les données d&apos;écriture (../shared/data).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graine aléatoire (1 par défaut).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV à synthétiser (200 par défaut).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fiches contact à synthétiser (200 par défaut).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Affiche au plus n lectures fausses (0 par défaut).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lit sans seuils de confiance et écrit les seuils de champ qui signalent au moins 99 % des lectures fausses de chaque type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dossier du modèle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Écrit aussi l&apos;encre synthétisée (pv-N.inkml, contacts.inkml) dans DIR, pour `plumectl recognize FICHIER --json`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier InkML.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier du bureau %1 ne passe pas le contrôle d&apos;intégrité (%2) : sa clé ne peut pas servir de référence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier %1 est celui du bureau %2, le document est signé pour le bureau %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérifie l&apos;intégrité et le journal d&apos;audit (ses sceaux avec la phrase secrète ; sans elle, contrôle partiel : code 3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contrôle partiel : sans la phrase secrète du bureau, les sceaux du journal d&apos;audit ne sont pas vérifiés (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le bureau est verrouillé : capture --db demande sa phrase secrète (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sans la phrase secrète du bureau (PLUME_PASSPHRASE_FILE), le contrôle de %1 est partiel : sa clé ne peut pas servir de référence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 a un schéma plus ancien que ce Plume : lu sur une copie mise à jour, le fichier lui-même n&apos;a pas été modifié.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>comparez cette clé avec celle du bureau enregistrée au siège, ou donnez --public-key, --hq-db ou --station-db.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n envoi(s) écrit(s) dans %1 (chiffré(s) pour le siège ; il(s) reste(nt) en file jusqu&apos;à l&apos;accusé de réception)</source>
        <translation><numerusform>%n envoi écrit dans %1 (chiffré pour le siège ; il reste en file jusqu'à l'accusé de réception)</numerusform><numerusform>%n envois écrits dans %1 (chiffrés pour le siège ; ils restent en file jusqu'à l'accusé de réception)</numerusform></translation>
    </message>
    <message>
        <source>donnez la phrase secrète actuelle avec --passphrase-file FICHIER (la nouvelle avec --new-passphrase-file FICHIER)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 n&apos;est pas un fichier InkML lisible (%2) : plumectl recognize lit l&apos;encre qu&apos;écrit plumectl capture --out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le dossier %1 n&apos;existe pas : créez-le d&apos;abord, ou donnez à --db un chemin dans un dossier qui existe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas de feuille « %1 » dans ce bureau ; ses feuilles : %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La feuille « %1 » (formulaire %2) n&apos;a pas de champ « %3 » ; ses champs : %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le PV est scellé : il se corrige par une nouvelle version, avec plumectl close --correct %1=VALEUR --reason TEXTE et deux --official NOM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier de bureau %1 n&apos;existe pas : vérifiez le chemin donné à --db (un nouveau bureau se crée avec « plumectl station init --db FICHIER --election FICHIER.json »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codes de sortie : 0 réussite, 1 échec, 2 erreur d&apos;utilisation, 3 signature d&apos;une clé non vérifiée (verify) ou contrôle partiel sans la phrase secrète (db check).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le siège a refusé l&apos;envoi %1, qui reste gardé dans la file d&apos;envoi. Une fois la cause corrigée (par exemple le bureau enregistré au siège), remettez-le en file avec « plumectl outbox requeue --db %2 --id %1 », puis relancez plumectl sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« %1 » demande une sous-commande :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commande inconnue « %1 » ; les commandes « %2 » :</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n correction(s) non confirmée(s) illisible(s) (écrite(s) hors de Plume ?) : plumectl drafts drop --unreadable les écarte.</source>
        <translation><numerusform>%n correction non confirmée illisible (écrite hors de Plume ?) : plumectl drafts drop --unreadable les écarte.</numerusform><numerusform>%n corrections non confirmées illisibles (écrites hors de Plume ?) : plumectl drafts drop --unreadable les écarte.</numerusform></translation>
    </message>
    <message>
        <source>Liste les corrections tapées dans la fenêtre et non confirmées (une ligne : feuille, champ, texte).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Écarte les corrections illisibles (écrites hors de Plume), de toute feuille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abandonne une correction non confirmée (comme Échap dans la fenêtre) : --sheet ID --field NOM, ou --unreadable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>donnez --sheet ID --field NOM, ou --unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas de correction non confirmée sur le champ « %1 » de la feuille « %2 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrections tapées dans la fenêtre et non confirmées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>abandonne une correction non confirmée (comme Échap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Efface du bureau les fiches contact dont le siège a accusé réception, et ce qui reste des fiches sans consentement ; une fois le PV scellé, aussi les fiches dont le consentement n&apos;est pas « oui » et l&apos;encre écrite hors des fiches ; puis compacte le fichier. Les comptes restent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) écrit(s) hors des fiches effacé(s)</source>
        <translation><numerusform>%n trait écrit hors des fiches effacé</numerusform><numerusform>%n traits écrits hors des fiches effacés</numerusform></translation>
    </message>
    <message>
        <source>Fichier InkML à écrire (toute l&apos;encre en clair, fiches contact comprises ; facultatif avec --db).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--out FICHIER.inkml (ou --db FICHIER) est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) déjà enregistré(s), reçu(s) de nouveau : gardé(s) une seule fois</source>
        <translation><numerusform>%n trait déjà enregistré, reçu de nouveau : gardé une seule fois</numerusform><numerusform>%n traits déjà enregistrés, reçus de nouveau : gardés une seule fois</numerusform></translation>
    </message>
    <message>
        <source>Chronomètre aussi chaque page de ce fichier InkML lue entière (l&apos;écriture réelle des fiches de `plumectl eval-sheets --write-ink`).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aucun trait à lire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lit chaque champ seul, sans lexique ni contexte, comme un poste dont les lexiques manquent (les valeurs sont tirées des lexiques comme d&apos;habitude).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valeur tapée (par défaut : confirmer la lecture, si elle n&apos;est pas douteuse).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2 : la lecture est douteuse, rien n&apos;est enregistré. Regardez l&apos;encre sur le papier, puis tapez ce qui y est écrit avec --value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remplace la paire de clés du bureau (clé volée, ou phrase secrète d&apos;une copie divulguée) : les envois que le siège n&apos;a pas reçus sont signés de nouveau ; la dernière ligne est la nouvelle clé publique, à inscrire au siège (plume-hq stations add --replace).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le bureau est verrouillé : donnez --passphrase-file (la nouvelle clé secrète est chiffrée avec elle)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Nouvelle clé du bureau %1 ; %n envoi(s) non livré(s) signé(s) de nouveau. Au siège : plume-hq stations add --station %1 --public-key CLÉ --replace</source>
        <translation><numerusform>Nouvelle clé du bureau %1 ; %n envoi non livré signé de nouveau. Au siège : plume-hq stations add --station %1 --public-key CLÉ --replace</numerusform><numerusform>Nouvelle clé du bureau %1 ; %n envois non livrés signés de nouveau. Au siège : plume-hq stations add --station %1 --public-key CLÉ --replace</numerusform></translation>
    </message>
    <message>
        <source>remplace la paire de clés du bureau et signe de nouveau ce qui n&apos;est pas livré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 retenue : une correction tapée n&apos;y est pas confirmée (plumectl drafts list, drafts drop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistre les octets bruts du stylo (journal rejouable ; toute l&apos;encre en clair, fiches contact comprises, mode 0600).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;envoi %1 n&apos;a plus de contenu : ses contacts ont été effacés après leur remise au siège</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contacts remis au siège mais pas encore effacés : %1 (plumectl contacts purge)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier d&apos;accusés de réception écrit par plume-hq import --receipts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistre les accusés de réception d&apos;une remise hors ligne : chaque envoi reçu par le siège est marqué livré, et les fiches contact qu&apos;il portait sont effacées du bureau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--file FICHIER est obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accusés de réception d&apos;une remise hors ligne : envois livrés, contacts effacés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>capture interrompue : les traits reçus sont gardés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paquets du stylo ignorés : %1 inconnus ou mal formés, %2 refus de commande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV du bureau %1, version %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mot en trop : « %1 » (une valeur avec des espaces se met entre guillemets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;option --%1 est donnée plusieurs fois</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 : consentement retiré, fiche effacée ; le lot %2 est retiré de la file d&apos;envoi, %n autre(s) lot(s) refait(s) avec ses autres fiches.</source>
        <translation><numerusform>%1 : consentement retiré, fiche effacée ; le lot %2 est retiré de la file d'envoi, %n autre lot refait avec ses autres fiches.</numerusform><numerusform>%1 : consentement retiré, fiche effacée ; le lot %2 est retiré de la file d'envoi, %n autres lots refaits avec ses autres fiches.</numerusform></translation>
    </message>
    <message>
        <source>l&apos;envoi %1 n&apos;a plus de contenu : il a été retiré de la file avant d&apos;être présenté au siège (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PV déjà scellé, version %1 : rien de nouveau demandé (ni --correct ni --reason)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clé publique Ed25519 du siège (base64, plume-hq keys show), si elle n&apos;est pas encore enregistrée (elle l&apos;est alors, comme avec station set-hq-key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Affiche la clé publique du bureau (base64), à inscrire au siège, une fois le fichier contrôlé en entier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sans la phrase secrète du bureau (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE), le contrôle du fichier est partiel : sa clé ne peut pas être inscrite au siège.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est une base SQLite (un fichier de bureau, ou sa copie ?) : --out et --record doivent nommer d&apos;autres fichiers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) coupé(s) en direct, reçu(s) entier(s) de la mémoire du stylo</source>
        <translation><numerusform>%n trait coupé en direct, reçu entier de la mémoire du stylo</numerusform><numerusform>%n traits coupés en direct, reçus entiers de la mémoire du stylo</numerusform></translation>
    </message>
    <message>
        <source>envoi au siège interrompu : ce qui n&apos;est pas livré reste en file</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n trait(s) de la mémoire du stylo écrit(s) plus de deux jours avant l&apos;élection : laissé(s) dans le stylo</source>
        <translation><numerusform>%n trait de la mémoire du stylo écrit plus de deux jours avant l'élection : laissé dans le stylo</numerusform><numerusform>%n traits de la mémoire du stylo écrits plus de deux jours avant l'élection : laissés dans le stylo</numerusform></translation>
    </message>
</context>
</TS>
