import type { activityLog as en } from '../en/activity-log';
import type { CatalogueOf } from './catalogue';

/** Le journal d’activité infalsifiable, dans l’ordre du fichier anglais (espace fine insécable \u202F avant « : ; ! ? »). */
export const activityLog = {
  'ui.activity.chain.intact': 'Chaîne intacte',
  'ui.activity.chain.entries': 'Entrées vérifiées\u202F: {count}',
  'ui.activity.chain.intactHint': 'Chaque entrée porte une empreinte de son contenu et de l’entrée précédente\u202F; aucune n’a changé depuis son écriture.',
  'ui.activity.chain.brokenBadge': 'Modifié après écriture',
  'ui.activity.chain.checking': 'Vérification du journal…',
  'ui.activity.chain.brokenTitle': 'Le journal d’activité a été modifié après son écriture',
  'ui.activity.chain.broken':
    'À partir de l’entrée nº\u00A0{seq} ({time}), les entrées ne correspondent plus à ce qui a été écrit\u202F: quelqu’un a modifié ou supprimé des entrées en dehors de MCA Desk. Conservez cette base de données telle quelle et prévenez le responsable de la sécurité\u202F; un export fait auparavant montre les entrées telles qu’elles étaient.',
  'ui.activity.chain.checkFailed': 'Le journal n’a pas pu être vérifié',
  'ui.activity.export.open': 'Exporter…',
  'ui.activity.export.title': 'Exporter l’activité',
  'ui.activity.export.intro':
    'Un fichier CSV (UTF-8, s’ouvre dans Excel) avec la date et l’heure, l’opérateur, l’action, le client, les détails et l’empreinte de chaque entrée, de la plus ancienne à la plus récente. Laissez les dates vides pour tout exporter.',
  'ui.activity.export.from': 'Du',
  'ui.activity.export.to': 'Au',
  'ui.activity.export.daysHint': 'Jours entiers en UTC, comme les heures du fichier.',
  'ui.activity.export.submit': 'Exporter',
  'ui.activity.export.done': '{file} enregistré (entrées\u202F: {count}).',
  'ui.activity.export.failed': 'L’activité n’a pas pu être exportée',

  'activity.csv.time': 'Date et heure (UTC)',
  'activity.csv.operator': 'Opérateur',
  'activity.csv.action': 'Action',
  'activity.csv.customer': 'Client',
  'activity.csv.details': 'Détails',
  'activity.csv.hash': 'Empreinte (SHA-256)',
  'activity.csv.detailSeparator': '\u202F; ',

  'cli.activity.exported': 'Exporté vers {file} (entrées\u202F: {count}).',
  'cli.activity.intact': 'Le journal d’activité est intact (entrées vérifiées\u202F: {count}).',
  'cli.activity.broken':
    'Le journal d’activité a été modifié après son écriture\u202F: l’entrée nº\u00A0{seq} ({time}) ne correspond pas, et aucune entrée suivante n’est fiable (entrées\u202F: {count}).',
  'cli.activity.outRequired': 'activity export demande --out FICHIER',
  'cli.activity.badDate': '--{option} doit être une date réelle au format AAAA-MM-JJ',
  'cli.activity.fromAfterTo': '--from {from} est postérieur à --to {to}',
  'cli.activity.writeFailed': 'Impossible d’écrire {file}\u202F: {message}',

  'validation.activityRange.date': 'Saisissez une date réelle au format AAAA-MM-JJ.',
  'validation.activityRange.order': 'La date de début est postérieure à la date de fin.',
} satisfies CatalogueOf<typeof en>;
