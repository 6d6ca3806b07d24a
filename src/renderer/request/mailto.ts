import type { AcceptanceWay, Contact } from '../../shared/domain';
import { translate } from '../../shared/i18n';

export type AcceptanceMail = {
  /** The operator's locale: the message is written in their language. */
  locale: string;
  /** Who the message goes to: the request's signatory. */
  to: Pick<Contact, 'firstName' | 'lastName' | 'email'>;
  companyName: string;
  /** The link the customer accepts on (Microsoft's page, or the admin center's). */
  link: string;
  way: AcceptanceWay;
};

/** RFC 6068: everything but unreserved characters percent-encoded, line breaks as CRLF. */
function encodeField(text: string): string {
  return encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
}

/** The address of a mailto: URI: percent-encoded, its @ kept (a '?' or '#' in it cannot end it). */
function encodeAddress(email: string): string {
  return encodeURIComponent(email.trim()).replace(/%40/g, '@');
}

/**
 * "Email to customer": a mailto: URI to the signatory with a short subject and message in the
 * operator's language naming the company and carrying the link. Every part is percent-encoded, so
 * a link's own & ? # and accented names survive the mail client.
 */
export function buildAcceptanceMailto({ locale, to, companyName, link, way }: AcceptanceMail): string {
  const admin = way === 'admin-center';
  const params = { company: companyName, firstName: to.firstName.trim(), link };
  const subject = translate(locale, admin ? 'ui.request.mail.subjectAdmin' : 'ui.request.mail.subject', params);
  const body = translate(locale, admin ? 'ui.request.mail.bodyAdmin' : 'ui.request.mail.body', params);
  return `mailto:${encodeAddress(to.email)}?subject=${encodeField(subject)}&body=${encodeField(body)}`;
}
