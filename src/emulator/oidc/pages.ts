/** The identity provider's HTML: the sandbox sign-in page, the form_post answer, errors. */
import { escapeHtml as escape } from '../html';

export const ROLE_LABELS: Record<string, string> = {
  AdminAgent: 'Admin agent',
  SalesAgent: 'Sales agent',
  HelpdeskAgent: 'Helpdesk agent',
  BillingAdmin: 'Billing admin',
  GlobalAdmin: 'Global admin',
};

const shell = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;background:#f3f2f1;margin:0;display:flex;justify-content:center}
main{background:#fff;margin-top:8vh;padding:32px 40px;width:420px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:22px;font-weight:600;margin:0 0 4px}p{color:#444}
button{display:flex;justify-content:space-between;width:100%;padding:10px 12px;margin:6px 0;border:1px solid #8a8886;background:#fff;font:inherit;cursor:pointer;text-align:left}
button:hover{background:#edebe9}.role{color:#605e5c}.cancel{justify-content:center;border:none;color:#0067b8}
</style></head><body><main>${body}</main></body></html>`;

export interface SignInPageInput {
  action: string;
  pendingId: string;
  users: readonly { userId: string; displayName: string; role: string }[];
  clientId: string;
  mfa: boolean;
  hint: string | null;
}

export function signInPage(p: SignInPageInput): string {
  const buttons = p.users
    .map((u) => `<button type="submit" name="user" value="${escape(u.userId)}" data-role="${escape(u.role)}"><span class="name">${escape(u.displayName)}</span><span class="role">${escape(ROLE_LABELS[u.role] ?? u.role)}</span></button>`)
    .join('\n');
  return shell(
    'Sign in — MCA Desk emulator',
    `<h1>Sign in</h1>
<p>Partner Center emulator (sandbox). Choose who you are; no password is asked.${p.mfa ? '' : ' <strong>Tokens are issued without multi-factor authentication.</strong>'}</p>
<p class="role">Application: ${escape(p.clientId)}</p>
<form method="post" action="${escape(p.action)}">
<input type="hidden" name="pending" value="${escape(p.pendingId)}">
${buttons}
<button type="submit" name="user" value="" class="cancel">Cancel</button>
</form>`,
  );
}

/** Answers the app's loopback redirect the way Entra ID does with response_mode=form_post. */
export function formPostPage(redirectUri: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  return shell(
    'Signing in…',
    `<p>Returning to MCA Desk…</p><form method="post" action="${escape(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form>
<script>document.forms[0].submit()</script>`,
  );
}

export const errorPage = (message: string) => shell('Sign-in error', `<h1>Sign-in error</h1><p>${escape(message)}</p>`);
