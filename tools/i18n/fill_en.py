#!/usr/bin/env python3
"""Fills translations/plume_en.ts from the English glossary below (French is the source
language). Run after `cmake --build build --target update_translations`:
    /usr/bin/python3 tools/i18n/fill_en.py translations/plume_en.ts
Strings without an entry stay unfinished (Qt then shows the French source)."""
import html, re, sys

EN = {
    "Fichier de l'élection": "Election file",
    "Élection (*.json)": "Election (*.json)",
    "Fichier du bureau de vote": "Polling-station file",
    "Bureau Plume (*.plume)": "Plume station (*.plume)",
    "Clôture du procès-verbal": "Closing the report",
    "Membres du bureau présents (cochez ceux qui signent) :": "Officials present (tick those who sign):",
    "Membres du bureau présents": "Officials present",
    "Observations (obligatoires si une règle n'est pas respectée, ou pour expliquer une nouvelle version) :":
        "Remarks (required when a rule fails, or to explain a new version):",
    "Observations": "Remarks",
    "Sceller le PV": "Seal the report",
    "Exporter en %1": "Export as %1",
    "<i>non confirmé</i>": "<i>not confirmed</i>",
    "<p style='color:#0a6e2c'>✔ Toutes les règles arithmétiques sont respectées.</p>":
        "<p style='color:#0a6e2c'>✔ Every arithmetic rule holds.</p>",
    "<p><b>Le PV a déjà été scellé (%n version(s)).</b> Une nouvelle clôture crée une nouvelle version, visible par le siège, avec sa raison.</p>":
        ("<p><b>The report was already sealed (%n version).</b> Closing again makes a new version, visible to headquarters, with its reason.</p>",
         "<p><b>The report was already sealed (%n versions).</b> Closing again makes a new version, visible to headquarters, with its reason.</p>"),
    "Cochez au moins un membre du bureau.": "Tick at least one official.",
    "Champs non confirmés : %1": "Fields not confirmed: %1",
    "Le PV ne peut pas être scellé": "The report cannot be sealed",
    "<b>PV scellé</b> (version %1). Empreinte SHA-256 :<br><tt>%2</tt><br>Il sera envoyé au siège dès que le réseau le permet ; %n lot(s) de fiches contact en attente.":
        ("<b>Report sealed</b> (version %1). SHA-256 fingerprint:<br><tt>%2</tt><br>It will be sent to headquarters as soon as the network allows; %n batch of contact sheets waiting.",
         "<b>Report sealed</b> (version %1). SHA-256 fingerprint:<br><tt>%2</tt><br>It will be sent to headquarters as soon as the network allows; %n batches of contact sheets waiting."),
    "Exporter le PV": "Export the report",
    "Export": "Export",
    "Page du formulaire": "Form page",
    "Feuille %1": "Sheet %1",
    "Plume — %1 — %2": "Plume — %1 — %2",
    "Feuilles": "Sheets",
    "Bureau": "Station",
    " Membre du bureau de service : ": " Official on duty: ",
    "Membre du bureau de service": "Official on duty",
    "— choisir —": "— choose —",
    "Écrire à la souris": "Write with the mouse",
    "Si le stylo n'a plus de batterie : écrivez dans les cases avec la souris ou une tablette (Ctrl+W)":
        "If the pen's battery is flat: write in the boxes with the mouse or a tablet (Ctrl+W)",
    "Nouvelle fiche contact": "New contact sheet",
    "Appairer un stylo…": "Pair a pen…",
    "Clôturer le PV…": "Close the report…",
    "Vérifier, faire signer et sceller le PV, puis l'envoyer au siège (Ctrl+K)":
        "Check, sign and seal the report, then send it to headquarters (Ctrl+K)",
    "&Fichier": "&File", "&Quitter": "&Quit", "&Aide": "&Help",
    "Raccourcis clavier": "Keyboard shortcuts",
    "Entrée : confirmer la valeur et passer au champ douteux suivant\nTaper : remplacer la valeur\nÉchap : annuler la saisie\nF2 à F5 : prendre une autre lecture\nFlèches : changer de champ\nCtrl+W : écrire à la souris\nCtrl+N : nouvelle fiche contact\nCtrl+P : appairer un stylo":
        "Enter: confirm the value and go to the next doubtful field\nTyping: replace the value\nEscape: cancel the input\nF2 to F5: take another reading\nArrows: change field\nCtrl+W: write with the mouse\nCtrl+N: new contact sheet\nCtrl+P: pair a pen",
    "À propos de Plume": "About Plume",
    "Envoi au siège : rien à envoyer": "Headquarters: nothing to send",
    "Reconnaissance : %1": "Recognition: %1",
    "Reconnaissance indisponible : saisie au clavier": "Recognition unavailable: type the values",
    "Encre : %n trait(s) enregistré(s)": ("Ink: %n stroke saved", "Ink: %n strokes saved"),
    "Page %1 inconnue : l'encre est gardée mais n'appartient à aucune feuille.":
        "Unknown page %1: the ink is kept but belongs to no sheet.",
    "Erreur : %1": "Error: %1",
    "Code du stylo": "Pen PIN",
    "Le stylo est protégé par un code.\nEssais manqués : %1 sur %2.": "The pen is protected by a PIN.\nWrong tries: %1 of %2.",
    "Envoi au siège : %1 livré(s)": "Headquarters: %1 delivered",
    ", %1 en attente": ", %1 waiting",
    ", %1 refusé(s) !": ", %1 refused!",
    "Envoi au siège : %1": "Headquarters: %1",
    "Envoi au siège : %1 (export hors ligne possible)": "Headquarters: %1 (offline export available)",
    "Qui confirme les valeurs ? (enregistré avec chaque décision)": "Who confirms the values? (recorded with each decision)",
    "Procès-verbal": "Report (PV)",
    "Fiche contact %1": "Contact sheet %1",
    "%1\n%2/%3 confirmés": "%1\n%2/%3 confirmed",
    ", %n douteux": (", %n doubtful", ", %n doubtful"),
    " — scellé": " — sealed",
    "Stylo : non connecté — saisie à la souris possible (Ctrl+W)": "Pen: not connected — mouse input available (Ctrl+W)",
    "connecté": "connected", "reconnexion…": "reconnecting…", "code demandé": "PIN required",
    "bloqué (trop de codes faux)": "locked (too many wrong PINs)", "déconnecté": "disconnected",
    "connexion…": "connecting…",
    "Stylo %1 : %2": "Pen %1: %2",
    " — batterie %1 %%2": " — battery %1 %%2",
    " (faible !)": " (low!)",
    " — %n événement(s) perdu(s)": (" — %n event lost", " — %n events lost"),
    "Nouvelle fiche": "New sheet",
    "<b>Plume %1</b><br>Procès-verbaux et fiches contact au stylo numérique, vérifiés par les membres du bureau.<br>Chaque valeur lue par la machine doit être confirmée par une personne.":
        "<b>Plume %1</b><br>Polling-station reports and contact sheets written with a digital pen, checked by the station's officials.<br>Every value read by the machine must be confirmed by a person.",
    "Appairer un stylo numérique": "Pair a digital pen",
    "Stylos à proximité": "Pens nearby",
    "Connecter": "Connect",
    "Rechercher à nouveau": "Search again",
    "%1 — %2 — signal %3 dBm%4": "%1 — %2 — signal %3 dBm%4",
    " — batterie %1 %": " — battery %1 %",
    "Choisissez votre stylo puis « Connecter ».": "Choose your pen, then \u201cConnect\u201d.",
    "Aucun stylo trouvé. Allumez le stylo et rapprochez-le de l'ordinateur.": "No pen found. Switch the pen on and bring it close to the computer.",
    "Recherche des stylos à proximité…": "Looking for pens nearby…",
    "vide": "empty", "en cours d'écriture": "being written", "⚠ douteux": "⚠ doubtful",
    "lu, à confirmer": "read, to confirm", "✔ confirmé": "✔ confirmed", "✔ corrigé": "✔ corrected",
    "✔ saisi": "✔ typed",
    "Champ": "Field", "Valeur": "Value", "État": "State",
    "Champs de la feuille": "Fields of the sheet",
    "Valeur du champ": "Field value",
    "Tapez la valeur lue sur le papier": "Type the value written on the paper",
    "Confirmer (Entrée)": "Confirm (Enter)",
    "Annuler (Échap)": "Cancel (Esc)",
    "<b>Contrôle arithmétique du PV</b>": "<b>Report arithmetic</b>",
    "Contrôle du PV": "Report check",
    "par %1": "by %1",
    "<b>Lecture douteuse</b> : %1. Vérifiez sur le papier.": "<b>Doubtful reading</b>: %1. Check the paper.",
    "Lu par la machine : rien ne compte tant qu'un membre du bureau ne l'a pas confirmé.":
        "Read by the machine: nothing counts until an official has confirmed it.",
    "Décidé par %1 à %2 (%3).": "Decided by %1 at %2 (%3).",
    "F%1 : %2": "F%1: %2",
    "Autres lectures : ": "Other readings: ",
    "Choisissez d'abord le membre du bureau de service.": "First choose the official on duty.",
    "Ce champ n'a pas de valeur : tapez-la.": "This field has no value: type it.",
    "Valeur refusée": "Value refused",
    "<span style='color:#0a6e2c'>✔ Le PV est cohérent et toutes ses valeurs sont confirmées.</span>":
        "<span style='color:#0a6e2c'>✔ The report is consistent and every value is confirmed.</span>",
    "Aucune règle n'est enfreinte par les valeurs lues.": "No rule is broken by the values read.",
    "%n champ(s) du PV à confirmer.": ("%n report field to confirm.", "%n report fields to confirm."),
    "Fichier d'élection invalide : %1": "Invalid election file: %1",
    "Format inconnu : %1": "Unknown format: %1",
    "non configuré": "not configured",
    "Mot de passe du bureau": "Station passphrase",
    "Phrase secrète du bureau (protège les fiches contact) :": "Station passphrase (protects the contact sheets):",
    "Phrase secrète incorrecte.": "Wrong passphrase.",
    "Choisissez une phrase secrète (8 caractères au moins) : elle chiffre les fiches contact sur cet ordinateur.":
        "Choose a passphrase (at least 8 characters): it encrypts the contact sheets on this computer.",
    "Attention : les fiches contact ne sont pas protégées par une phrase secrète.":
        "Warning: the contact sheets are not protected by a passphrase.",
}


def main(path):
    s = open(path, encoding="utf-8").read()
    done = missing = 0

    def fix(m):
        nonlocal done, missing
        msg = m.group(0)
        src = re.search(r"<source>(.*?)</source>", msg, re.S)
        if not src:
            return msg
        key = html.unescape(src.group(1))
        en = EN.get(key)
        if en is None:
            missing += 1
            return msg
        done += 1
        numerus = 'numerus="yes"' in msg
        if numerus:
            forms = en if isinstance(en, tuple) else (en, en)
            body = "<translation>" + "".join(
                "<numerusform>%s</numerusform>" % html.escape(f, quote=False) for f in forms) + "</translation>"
        else:
            body = "<translation>%s</translation>" % html.escape(en if isinstance(en, str) else en[0], quote=False)
        return re.sub(r"<translation[^>]*>.*?</translation>|<translation[^>]*/>", body, msg, flags=re.S)

    s = re.sub(r"<message[^>]*>.*?</message>", fix, s, flags=re.S)
    open(path, "w", encoding="utf-8").write(s)
    print("translated %d, missing %d" % (done, missing))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "translations/plume_en.ts"))
