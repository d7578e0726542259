import { html, type SafeHtml } from '../http/html';
import { htmlResponse } from '../http/responses';
import { layout } from './layout';

/**
 * The page shown instead of a dashboard page when the request is not authorized: the token form (401, or
 * 200 on `{base}/login` itself), a plain explanation when the login form is off, or "not an admin" (403).
 */
export function signInPage(options: {
  basePath: string;
  status: 200 | 401 | 403;
  reason: string;
  loginForm: boolean;
}): Response {
  const { basePath: base } = options;
  let body: SafeHtml;
  if (options.status === 403) {
    body = html`<h1>Not allowed</h1><p>You are signed in, but not as an admin: ${options.reason}.</p>
<p>Ask an admin for access, or <button type="button" class="link-button" data-action="logout">sign out</button> and use another account.</p>`;
  } else if (!options.loginForm) {
    body = html`<h1>Sign in required</h1><p>Sign in to the app as an admin, then reload this page.</p>`;
  } else {
    body = html`<h1>Sign in</h1>
<p class="lede">Enter the admin token. It is kept in a cookie only this dashboard can read (HttpOnly, SameSite=Strict) for 8 hours.</p>
<form class="login" data-login>
  <div class="field"><label for="login-token">Admin token</label>
  <input id="login-token" name="token" type="password" autocomplete="current-password" required spellcheck="false"></div>
  <button type="submit" class="primary">Sign in</button>
  <div id="login-message" class="flash error" role="alert" hidden></div>
</form>`;
  }
  const title = options.status === 403 ? 'Not allowed' : 'Sign in';
  return htmlResponse(layout({ title, basePath: base, section: null, body }), options.status);
}

/** A plain page for unknown dashboard paths. */
export function notFoundPage(basePath: string): Response {
  const body = html`<h1>Page not found</h1><p><a href="${basePath}/failed-operations">Go to failed operations</a></p>`;
  return htmlResponse(layout({ title: 'Not found', basePath, section: null, body }), 404);
}
