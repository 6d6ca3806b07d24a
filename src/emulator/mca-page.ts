/**
 * The customer's acceptance page (stands for Microsoft's https://cdn.partner.microsoft.com/mca/):
 * plain HTML, inline CSS, no script, English or French (the attestation's language). Which page
 * to show is attestations.ts's decision; this file only writes it. Every value is escaped.
 */
import type { Attestation, AttestationStatus } from './attestations';
import { escapeHtml as e } from './html';
import { MCA_LINK } from './seed';

export type PageKind = 'question' | 'answered' | 'already-answered' | 'expired' | 'not-found';
type Lang = 'en' | 'fr';

/** French for an attestation whose language starts with `fr`, English otherwise. */
const langOf = (a?: Attestation): Lang => (a?.language.toLowerCase().startsWith('fr') ? 'fr' : 'en');

const when = (lang: Lang, ms: number) =>
  `${new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(ms)} UTC`;

/** Texts; arguments are already escaped HTML. */
const TEXT = {
  en: {
    title: 'Microsoft Customer Agreement',
    ask: (company: string) => `Your Microsoft partner asks <strong>${company}</strong> to accept the Microsoft Customer Agreement.`,
    signatory: 'Signatory',
    read: 'Read the Microsoft Customer Agreement',
    confirm: (company: string) => `By selecting Accept, you confirm that you have read the agreement and may accept it on behalf of ${company}.`,
    expires: (date: string) => `This request expires on ${date}.`,
    accept: 'Accept',
    decline: 'Decline',
    status: 'Status',
    statuses: { Pending: 'Pending', Accepted: 'Accepted', Declined: 'Declined', Expired: 'Expired' } satisfies Record<AttestationStatus, string>,
    accepted: (company: string, date: string) => `${company} accepted the Microsoft Customer Agreement on ${date}. Thank you.`,
    declined: (company: string, date: string) => `${company} declined the Microsoft Customer Agreement on ${date}.`,
    alreadyTitle: 'This request was already answered',
    expiredTitle: 'This link has expired',
    expired: (date: string) => `The request expired on ${date}. Ask your Microsoft partner for a new link.`,
    notFoundTitle: 'This link is not valid',
    notFound: 'No acceptance request was found for this link. Ask your Microsoft partner for a new link.',
    footer: 'Partner Center emulator: a sandbox page standing in for Microsoft’s acceptance page.',
  },
  fr: {
    title: 'Contrat client Microsoft',
    ask: (company: string) => `Votre partenaire Microsoft demande à <strong>${company}</strong> d’accepter le Contrat client Microsoft.`,
    signatory: 'Signataire',
    read: 'Lire le Contrat client Microsoft',
    confirm: (company: string) => `En sélectionnant Accepter, vous confirmez avoir lu le contrat et pouvoir l’accepter au nom de ${company}.`,
    expires: (date: string) => `Cette demande expire le ${date}.`,
    accept: 'Accepter',
    decline: 'Refuser',
    status: 'Statut',
    statuses: { Pending: 'En attente', Accepted: 'Accepté', Declined: 'Refusé', Expired: 'Expiré' } satisfies Record<AttestationStatus, string>,
    accepted: (company: string, date: string) => `${company} a accepté le Contrat client Microsoft le ${date}. Merci.`,
    declined: (company: string, date: string) => `${company} a refusé le Contrat client Microsoft le ${date}.`,
    alreadyTitle: 'Cette demande a déjà reçu une réponse',
    expiredTitle: 'Ce lien a expiré',
    expired: (date: string) => `La demande a expiré le ${date}. Demandez un nouveau lien à votre partenaire Microsoft.`,
    notFoundTitle: 'Ce lien n’est pas valide',
    notFound: 'Aucune demande d’acceptation ne correspond à ce lien. Demandez un nouveau lien à votre partenaire Microsoft.',
    footer: 'Émulateur Partner Center : page de test qui remplace la page d’acceptation de Microsoft.',
  },
};

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f3f2f1;color:#201f1e;font:15px/1.5 "Segoe UI",system-ui,sans-serif;display:flex;justify-content:center}
main{background:#fff;margin:8vh 16px;padding:32px 40px;max-width:560px;width:100%;box-shadow:0 2px 6px rgba(0,0,0,.16);border-radius:4px}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
p{margin:0 0 12px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:16px 0;padding:12px 16px;background:#faf9f8;border-left:3px solid #0067b8}
dt{color:#605e5c}dd{margin:0;overflow-wrap:anywhere}
a{color:#0067b8}
.actions{display:flex;gap:12px;margin:24px 0 8px}
.actions form{margin:0}
button{font:inherit;font-weight:600;padding:8px 24px;border-radius:2px;cursor:pointer;border:1px solid #8a8886;background:#fff;color:#201f1e}
button.primary{background:#0067b8;border-color:#0067b8;color:#fff}
button:hover{filter:brightness(.95)}button:focus-visible{outline:2px solid #201f1e;outline-offset:2px}
.status{font-weight:600}
.status-Accepted{color:#107c10}.status-Declined,.status-Expired{color:#a4262c}
small{display:block;margin-top:24px;color:#605e5c}`;

function shell(lang: Lang, heading: string, body: string): string {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(t.title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${e(heading)}</h1>
${body}
<small>${e(t.footer)}</small>
</main></body></html>`;
}

/** French puts a (non-breaking) space before a colon. */
const colon = (lang: Lang) => (lang === 'fr' ? '\u00a0:' : ':');

function statusLine(lang: Lang, status: AttestationStatus): string {
  const t = TEXT[lang];
  return `<p>${e(t.status)}${colon(lang)} <span class="status status-${status}" data-status="${status}">${e(t.statuses[status])}</span></p>`;
}

function details(lang: Lang, a: Attestation): string {
  const t = TEXT[lang];
  const s = a.signatory;
  return `<dl><dt>${e(t.signatory)}</dt><dd>${e(`${s.firstName} ${s.lastName}`)} (${e(s.email)})</dd></dl>`;
}

export interface PageInput {
  kind: PageKind;
  /** Absent for 'not-found'; its `status` is shown as it is now. */
  attestation?: Attestation;
}

export function attestationPage(p: PageInput): string {
  const a = p.attestation;
  const lang = langOf(a);
  const t = TEXT[lang];
  if (!a || p.kind === 'not-found') return shell(lang, t.notFoundTitle, `<p>${e(t.notFound)}</p>`);
  const company = e(a.companyName);
  const status = a.status;
  switch (p.kind) {
    case 'question': {
      const hidden = `<input type="hidden" name="attestationid" value="${e(a.attestationId)}">`;
      return shell(lang, t.title, `<p>${t.ask(company)}</p>
${details(lang, a)}
<p><a href="${e(MCA_LINK)}" target="_blank" rel="noopener noreferrer">${e(t.read)}</a></p>
<p>${t.confirm(company)}</p>
<p>${e(t.expires(when(lang, a.expiresAt)))}</p>
<div class="actions">
<form method="post" action="/mca/accept">${hidden}<button type="submit" class="primary" data-action="accept">${e(t.accept)}</button></form>
<form method="post" action="/mca/decline">${hidden}<button type="submit" data-action="decline">${e(t.decline)}</button></form>
</div>`);
    }
    case 'answered':
    case 'already-answered': {
      const outcome = status === 'Accepted'
        ? t.accepted(company, e(when(lang, a.acceptedAt ?? a.createdAt)))
        : t.declined(company, e(when(lang, a.declinedAt ?? a.createdAt)));
      return shell(lang, p.kind === 'answered' ? t.title : t.alreadyTitle, `<p>${outcome}</p>\n${details(lang, a)}\n${statusLine(lang, status)}`);
    }
    case 'expired':
      return shell(lang, t.expiredTitle, `<p>${e(t.expired(when(lang, a.expiresAt)))}</p>\n${statusLine(lang, status)}`);
  }
}
