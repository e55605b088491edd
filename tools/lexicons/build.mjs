// Builds the recogniser's lexicons (resources/lexicons/) from open reference data:
//   node tools/lexicons/build.mjs [--out resources/lexicons] [--wfrench /usr/share/dict/french]
// after `npm ci` in tools/lexicons (versions pinned in package.json / package-lock.json)
// and `apt-get install wfrench`. Deterministic: same inputs, same bytes. Nothing here is
// used at run time; the application reads only the files written.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { fr } from '@faker-js/faker';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const out = resolve(arg('--out', join(here, '..', '..', 'resources', 'lexicons')));
const wfrench = arg('--wfrench', '/usr/share/dict/french');

// Capitals without accents, as written in the comb boxes (the recogniser has no accents).
const ascii = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
  .replace(/œ/g, 'oe').replace(/Œ/g, 'OE').replace(/æ/g, 'ae').replace(/Æ/g, 'AE');
const upper = (s) => ascii(s).toUpperCase().replace(/’/g, "'");
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const lines = (rows) => rows.join('\n') + '\n';
const NAME_RE = /^[A-Z]+([-' ][A-Z]+)*$/;

function communes() {
  const rows = new Map(); // "postcode\tNAME" -> population
  const add = (cp, name, pop) => {
    const n = upper(name).replace(/\s+/g, ' ').trim();
    if (!/^\d{5}$/.test(cp) || !NAME_RE.test(n)) return;
    const key = `${cp}\t${n}`;
    rows.set(key, Math.max(rows.get(key) ?? 0, pop));
  };
  const data = require('@etalab/decoupage-administratif/data/communes.json');
  const popOf = new Map();
  for (const c of data) {
    if (c.type === 'arrondissement-municipal') continue; // people write PARIS, LYON
    const pop = c.population ?? 0;
    popOf.set(c.code, Math.max(popOf.get(c.code) ?? 0, pop));
    for (const cp of c.codesPostaux ?? []) add(cp, c.nom, pop);
  }
  // La Poste's spelling ("ST GEORGES D ESPERANCHE"), often what people write in boxes.
  for (const r of require('codes-postaux/codes-postaux.json'))
    add(r.codePostal, r.libelleAcheminement, popOf.get(r.codeCommune) ?? 0);
  return [...rows].map(([k, p]) => `${k}\t${p}`).sort(cmp);
}

function names() {
  const surnames = [...new Set(fr.person.last_name.generic.map(upper))].filter((n) => NAME_RE.test(n)).sort(cmp);
  const cap = (s) => s.split(/([-' ])/).map((w) => (w.length > 1 ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w)).join('');
  const given = new Set();
  for (const sex of ['female', 'male', 'generic'])
    for (const n of fr.person.first_name[sex] ?? []) {
      const a = cap(ascii(n));
      if (NAME_RE.test(a.toUpperCase())) given.add(a);
    }
  return { surnames, given: [...given].sort(cmp) };
}

// Inflected verb forms (never street words): x = base + ending with base+ER or base+IR in
// the list. Plurals are left out too (the decoder also accepts word+S and word+X).
const ER_ENDINGS = ('E ES ENT ONS EZ AIS AIT IONS IEZ AIENT AI AS A AMES ATES ERENT ERAI ERAS ERA ' +
  'ERONS EREZ ERONT ERAIS ERAIT ERIONS ERIEZ ERAIENT ASSE ASSES AT ASSIONS ASSIEZ ASSENT ANT EE EES').split(' ');
const IR_ENDINGS = ('IS IT ISSONS ISSEZ ISSENT ISSAIS ISSAIT ISSIONS ISSIEZ ISSAIENT IMES ITES IRENT ' +
  'IRAI IRAS IRA IRONS IREZ IRONT IRAIS IRAIT IRIONS IRIEZ IRAIENT ISSE ISSES ISSANT I IE IES').split(' ');
function lemmaLike(all) {
  const isVerbForm = (x) =>
    ER_ENDINGS.some((e) => x.length > e.length + 1 && x.endsWith(e) && all.has(x.slice(0, -e.length) + 'ER')) ||
    IR_ENDINGS.some((e) => x.length > e.length + 1 && x.endsWith(e) && all.has(x.slice(0, -e.length) + 'IR'));
  const kept = new Set([...all].filter((x) => x.length <= 12 && !isVerbForm(x)));
  return [...kept].filter((x) => !(/[SX]$/.test(x) && kept.has(x.slice(0, -1))));
}

// Words of street names: the French word list (capitals, no accents; inflected verb forms
// and plurals left out), the street names of faker's French locale, the commune names' words.
function streetWords(communeRows) {
  const words = new Set();
  const addWords = (text) => {
    for (const w of upper(text).split(/[^A-Z]+/)) if (w.length >= 2 && w.length <= 14) words.add(w);
  };
  for (const w of readFileSync(wfrench, 'utf8').split('\n')) {
    if (!w || /[A-Z]/.test(w[0])) continue; // proper nouns and abbreviations stay out
    const u = upper(w);
    if (/^[A-Z]{2,14}$/.test(u)) words.add(u);
  }
  for (const s of fr.location.street_suffix) addWords(s);
  for (const r of communeRows) addWords(r.split('\t')[1]);
  return lemmaLike(words).sort(cmp);
}

// The most frequent French street names (after the street type), hand-listed from the
// published rankings of the national address base (order of magnitude, no counts).
const STREET_NAMES = [
  "DE L'EGLISE", 'DE LA MAIRIE', 'DU MOULIN', 'DES ECOLES', 'DE LA GARE', 'DU CHATEAU',
  'PRINCIPALE', 'DU STADE', 'VICTOR HUGO', 'PASTEUR', 'JEAN JAURES', 'DE LA FONTAINE',
  'DES JARDINS', 'DE LA PAIX', 'DU GENERAL DE GAULLE', 'CHARLES DE GAULLE', 'DE LA REPUBLIQUE',
  'DES LILAS', 'DES PRES', 'DES VIGNES', 'DU LAVOIR', 'GAMBETTA', 'DES ACACIAS', 'DE VERDUN',
  'DES TILLEULS', 'DU FOUR', 'DU PUITS', 'DE LA FORGE', 'DU PONT', 'DES ROSES', 'NEUVE',
  'DU BOURG', 'DES CHENES', 'DU CIMETIERE', 'DE LA LIBERATION', 'DU 8 MAI 1945',
  'DU 11 NOVEMBRE', 'DES PEUPLIERS', 'DES SAULES', 'DES MIMOSAS', 'DU COMMERCE', 'DE LA POSTE',
  'DES FLEURS', 'DU PORT', 'DE LA CROIX', 'DES BLEUETS', 'DES ERABLES', 'DES PINS',
  'DES MARRONNIERS', 'DES PLATANES', 'DES CERISIERS', 'DES VERGERS', 'DES HORTENSIAS',
  'DU PRESBYTERE', 'DE LA CHAPELLE', 'DES SOURCES', 'DE LA PLAGE', 'DU MARCHE', 'DE LA RIVIERE',
  'DU CENTRE', 'DU PARC', 'DES CHAMPS', 'DES AUBEPINES', 'DES GENETS', 'DES PRIMEVERES',
  'DES VIOLETTES', 'DES CAMELIAS', 'DES COQUELICOTS', 'DES BRUYERES', 'DES IRIS',
  'ANATOLE FRANCE', 'JULES FERRY', 'EMILE ZOLA', 'JEAN MOULIN', 'LOUIS PASTEUR', 'GEORGES BRASSENS',
  'MARECHAL FOCH', 'DU MARECHAL LECLERC', 'FOCH', 'CLEMENCEAU', 'NATIONALE', 'DE PARIS',
  'DE LA LIBERTE', 'DES ALOUETTES', 'DES HIRONDELLES', 'DES MESANGES', 'DU SOLEIL', 'DU VIEUX BOURG',
  'DU LAC', 'DE LA PRAIRIE', 'DES CHATAIGNIERS', 'DES NOYERS', 'DES FRENES', 'DES ORMES',
];

// The frequent names above, and the street names of faker's French locale (the names after
// the type: "de l'Abbaye", "du Faubourg Saint-Honoré"), written as in the comb boxes:
// capitals without accents, a hyphen as a space (the address boxes take letters and digits).
function streetNames() {
  const names = new Set(STREET_NAMES);
  for (const s of fr.location.street_suffix) {
    const n = upper(s).replace(/-/g, ' ').replace(/\s+/g, ' ').trim();
    if (NAME_RE.test(n)) names.add(n);
  }
  return [...names].sort(cmp);
}

const STREET_TYPES = [
  'ALLEE', 'AV', 'AVENUE', 'BD', 'BOULEVARD', 'CHE', 'CHEMIN', 'CITE', 'CLOS', 'COURS',
  'DOMAINE', 'HAMEAU', 'IMP', 'IMPASSE', 'LIEU-DIT', 'LOTISSEMENT', 'MONTEE', 'PARC',
  'PASSAGE', 'PL', 'PLACE', 'PROMENADE', 'QUAI', 'QUARTIER', 'RES', 'RESIDENCE', 'ROND-POINT',
  'ROUTE', 'RTE', 'RUE', 'RUELLE', 'SENTE', 'SENTIER', 'SQUARE', 'TRAVERSE', 'VILLA', 'VOIE',
];
// Shares of French personal e-mail addresses by provider: rough public estimates (order of
// magnitude only; they set a prior, the ink decides).
const EMAIL_DOMAINS = [
  ['gmail.com', 300], ['orange.fr', 140], ['hotmail.fr', 90], ['free.fr', 70],
  ['yahoo.fr', 60], ['wanadoo.fr', 50], ['laposte.net', 45], ['sfr.fr', 40],
  ['outlook.fr', 30], ['hotmail.com', 25], ['live.fr', 20], ['icloud.com', 20],
  ['neuf.fr', 10], ['outlook.com', 10], ['yahoo.com', 8], ['bbox.fr', 8], ['aol.com', 4],
  ['gmx.fr', 4], ['protonmail.com', 4], ['proton.me', 4], ['msn.com', 4], ['numericable.fr', 3],
  ['club-internet.fr', 3], ['aliceadsl.fr', 2], ['me.com', 2], ['ymail.com', 1],
];

mkdirSync(out, { recursive: true });
const communeRows = communes();
const { surnames, given } = names();
const files = {
  'communes.tsv': lines(communeRows),
  'surnames.txt': lines(surnames),
  'given_names.txt': lines(given),
  'street_types.txt': lines([...STREET_TYPES].sort(cmp)),
  'street_words.txt': lines(streetWords(communeRows)),
  'street_names.txt': lines(streetNames()),
  'email_domains.tsv': lines(EMAIL_DOMAINS.map(([d, w]) => `${d}\t${w}`)),
};
const versions = {};
for (const p of ['@etalab/decoupage-administratif', '@faker-js/faker', 'codes-postaux'])
  versions[p] = require(`${p}/package.json`).version;
for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
let wfrenchVersion = 'unknown';
try {
  wfrenchVersion = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'wfrench']).toString();
} catch { /* not a Debian system: the version stays unknown */ }
writeFileSync(join(out, 'sources.json'),
  JSON.stringify({ npm: versions, debian: { wfrench: wfrenchVersion } }, null, 2) + '\n');
for (const [name, text] of Object.entries(files))
  console.log(`${name}\t${text.split('\n').length - 1} lines\t${Buffer.byteLength(text)} bytes`);
