import type { cli as en } from '../en/cli';
import type { CatalogueOf } from './catalogue';

/** Les messages de la ligne de commande (mca-desk). Ce que l’opérateur tape reste tel quel. */
export const cli = {
  'cli.usage': `Utilisation\u202F: mca-desk <commande> [options]

Commandes\u202F:
  queue add --customer ID --first-name PRÉNOM --last-name NOM --email E-MAIL [--phone TÉLÉPHONE] --date AAAA-MM-JJ
                         enregistre une confirmation dans la file locale (fonctionne hors connexion).
                         En ligne, l’état du client est lu d’abord\u202F: les enregistrements qu’il montre sont
                         reconfirmés\u202F; ceux trouvés ensuite qu’il ne montrait pas rendent l’élément «\u202Falready-confirmed\u202F»
  queue list [--json] [--state ÉTAT]
                         liste les éléments de la file, du plus récent au plus ancien
  queue send-anyway ÉLÉMENT
                         envoie quand même un élément déjà confirmé (l’Espace partenaires détenait une
                         acceptation inconnue lors de l’enregistrement)
  queue request --customer ID --first-name PRÉNOM --last-name NOM --email E-MAIL [--phone TÉLÉPHONE]
                [--country PAYS] [--language LANGUE]
                         enregistre une demande d’acceptation du contrat par le client sur la page de
                         Microsoft (pays et langue\u202F: ceux du client par défaut)
  queue link ÉLÉMENT [--json]
                         le lien sur lequel le client accepte (en JSON avec --json)
  queue check ÉLÉMENT    vérifie une demande en attente du client à la prochaine synchronisation (tout de suite)
  sync [--once]          envoie les éléments en file à l’Espace partenaires\u202F; --once\u202F: un seul passage sur ce
                         qui est dû maintenant, sinon jusqu’à ce qu’il ne reste que des demandes en attente des clients
  status CLIENT [--json]
                         l’état du contrat client Microsoft du client, d’après les données locales
  refresh [--json]       lit les clients et l’état de leur contrat client Microsoft dans l’Espace partenaires
                         (comme Actualiser dans l’app)\u202F; attend --emulator URL
  coverage [--json]      combien de clients sont confirmés, acceptés par le client, non confirmés, en attente
                         d’envoi, en attente du client, avec une action requise, non vérifiés (chacun compté
                         une fois), et confirmés sur une version antérieure du contrat, d’après les données locales
  import FICHIER [--dry-run] [--json]
                         met en file les lignes d’un fichier CSV (le modèle de l’app\u202F; en-têtes en
                         anglais ou en français)\u202F: des confirmations, ou des demandes d’acceptation quand
                         le profil demande aux clients d’accepter. Chaque ligne est d’abord vérifiée\u202F; les
                         lignes valides sont mises en file, sauf avec --dry-run. Code 1 si une ligne a des
                         erreurs, 2 si le fichier ne peut pas être lu comme un fichier d’import
  activity export --out FICHIER [--from AAAA-MM-JJ] [--to AAAA-MM-JJ]
                         le journal d’activité en CSV (UTF-8, s’ouvre dans Excel)\u202F: date et heure, opérateur,
                         action, client, détails, hachage\u202F; jours entiers en UTC, bornes incluses
  activity verify [--json]
                         vérifie la chaîne de hachage du journal d’activité\u202F: code 0 si elle est intacte,
                         1 en nommant la première entrée qui ne correspond pas

Options de toutes les commandes\u202F:
  --data-dir DOSSIER     le dossier de données de MCA Desk (par défaut ~/.mca-desk)
  --emulator URL         l’Espace partenaires (émulateur) à utiliser\u202F; sans lui, les commandes locales
                         fonctionnent hors connexion et sync refuse de s’exécuter
  --lang fr|en           la langue des messages (par défaut\u202F: Paramètres → Langue, sinon l’anglais)\u202F;
                         la sortie --json est la même dans toutes les langues
Réglages de synchronisation\u202F: --parallelism N, --lease-ms MS, --timeout-ms MS, --backoff-base-ms MS,
  --backoff-cap-ms MS, --poll-first-ms MS, --poll-cap-ms MS (vérifier si les clients ont accepté\u202F: première
  attente, attente la plus longue)`,
  'cli.seeHelp': 'Exécutez «\u202Fmca-desk --help\u202F» pour l’utilisation.',
  'cli.usage.lang': '--lang doit être en ou fr (ou une balise de langue de l’une d’elles, comme fr-CA)',
  'cli.usage.wholeNumber': '--{name} doit être un nombre entier',
  'cli.usage.aboveZero': '--{name} doit être supérieur à 0',
  'cli.usage.emulator': '--emulator doit être une URL http(s) comme http://127.0.0.1:4100',
  'cli.usage.unknownCommand': 'commande inconnue «\u202F{command}\u202F»\u202F; commandes\u202F: {commands}',
  'cli.usage.notAnItem': '«\u202F{value}\u202F» n’est pas un identifiant d’élément de la file',
  'cli.usage.needsItem': '{command} attend un identifiant d’ÉLÉMENT (voir queue list)',
  'cli.usage.unexpected': 'argument inattendu «\u202F{value}\u202F»',
  'cli.usage.importNeedsFile': 'import attend un FICHIER (un fichier CSV comme le modèle de l’app)',
  'cli.usage.dryRunIsForImport': '--dry-run ne s’emploie qu’avec import',
  'cli.usage.refreshNeedsEmulator': 'refresh a besoin de --emulator URL (l’Espace partenaires où lire)',
  'cli.usage.syncNeedsEmulator': 'sync a besoin de --emulator URL (l’Espace partenaires où envoyer)',
  'cli.usage.state': '--state doit être l’un de {states}',
  'cli.usage.customerRequired': '--customer ID est obligatoire',
  'cli.usage.statusNeedsCustomer': 'status attend un identifiant de CLIENT',
  'cli.usage.countryNeeded': '--country PAYS est nécessaire\u202F: le pays de {company} n’est pas encore connu',
  'cli.readFailed': 'mca-desk\u202F: le client n’a pas pu être lu maintenant ({message})\u202F; enregistrement d’après la dernière lecture de cet ordinateur.',
  'cli.saved': '{id} enregistré\u202F: en file pour {company}.',
  'cli.requestSaved': '{id} enregistré\u202F: une demande d’acceptation pour {company}, créée dans l’Espace partenaires à la prochaine synchronisation\u202F; «\u202Fmca-desk queue link {id}\u202F» affiche alors son lien.',
  'cli.noLinkYet': '{id} n’a pas encore de lien\u202F: l’Espace partenaires crée la demande lors de la synchronisation (état {state}).',
  'cli.notARequest': '{id} n’est pas une demande d’acceptation.',
  'cli.willCheck': '{id} sera vérifié à la prochaine synchronisation («\u202Fmca-desk sync --once\u202F»).',
  'cli.sendAnyway': '{id} mis en file pour être envoyé quand même ({company})\u202F; exécutez «\u202Fmca-desk sync\u202F» pour l’envoyer.',
  'cli.status.mca': 'État du contrat client Microsoft\u202F: {status}',
  'cli.status.lastVerified': 'État du contrat client Microsoft\u202F: {status}, dernière vérification {time}',
  'cli.status.record': '  confirmé\u202F: {name} <{email}> le {date}',
  'cli.status.local': '  local\u202F: {state}',
  'cli.status.localError': '  local\u202F: {state} ({message})',
  'cli.sync.summary': 'En file {queued}, confirmés {confirmed}, déjà confirmés {alreadyConfirmed}, action requise {needsAttention}.',
  'cli.sync.summaryWaiting': 'En file {queued}, en attente du client {waiting}, confirmés {confirmed}, déjà confirmés {alreadyConfirmed}, action requise {needsAttention}.',
  'cli.sync.alreadyConfirmedNote': '«\u202Fdéjà confirmé\u202F»\u202F: l’Espace partenaires détenait une acceptation inconnue lors de l’enregistrement de l’élément\u202F; rien n’a été envoyé. «\u202Fmca-desk queue send-anyway ÉLÉMENT\u202F» l’envoie quand même.',
  'cli.queue.empty': 'La file est vide.',
  'cli.queue.row': '{id}  {state}  tentatives {attempts}  {company} — {who}, {date}',
  'cli.queue.lastError': '  dernière erreur\u202F: {message}',
  'cli.queue.lastErrorCode': '  dernière erreur\u202F: {message} (code {code})',
} satisfies CatalogueOf<typeof en>;
