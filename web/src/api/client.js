// The one place that talks HTTP to the Lantian server.
//
// Why a wrapper instead of calling fetch in components:
// - the session is an HttpOnly cookie, so every request must carry
//   credentials and every write must echo the CSRF token the server gave us;
// - all errors arrive as application/problem+json and the UI wants them as
//   one predictable shape ({status, title, detail, errors, code});
// - 401 and "password change required" must redirect no matter which screen
//   made the call.
// The router and the auth store are wired in through configureApiClient() so
// this module has no import cycle with them and can be tested on its own.

const hooks = {
  getCsrfToken: () => '',
  onUnauthorized: () => {},
  onPasswordChangeRequired: () => {},
};

export function configureApiClient(options) {
  Object.assign(hooks, options);
}

export class ApiError extends Error {
  constructor({ status, title, detail, errors, code, type }) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title || '';
    this.detail = detail || '';
    this.errors = Array.isArray(errors) ? errors : [];
    this.code = code || '';
    this.type = type || '';
  }

  // {field: message} for form items; the server may report a field more than
  // once, the first message is enough to show.
  fieldErrors() {
    const out = {};
    for (const e of this.errors) {
      if (e && e.field && !(e.field in out)) out[e.field] = e.message || '';
    }
    return out;
  }
}

// Turns any failed response into an ApiError. Proxies and crashed servers may
// answer with HTML or nothing, so the body is only trusted when it parses.
export async function parseProblem(response) {
  let body = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!body || typeof body !== 'object') {
    return new ApiError({ status: response.status, title: response.statusText || `HTTP ${response.status}` });
  }
  return new ApiError({
    status: body.status || response.status,
    title: body.title,
    detail: body.detail,
    errors: body.errors,
    code: body.code,
    type: body.type,
  });
}

function buildUrl(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // Empty filters are left out so the server applies its own defaults.
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * request('POST', '/api/v1/units', {body, query, skipAuthRedirect})
 * Resolves with the parsed JSON (or null for 204), rejects with ApiError.
 * skipAuthRedirect: the login and "who am I" calls expect 401 as a normal
 * answer and must not bounce the user around.
 */
export async function request(method, path, { body, query, skipAuthRedirect = false } = {}) {
  const upper = method.toUpperCase();
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE_METHODS.has(upper)) {
    const token = hooks.getCsrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }

  let response;
  try {
    response = await fetch(buildUrl(path, query), {
      method: upper,
      headers,
      credentials: 'same-origin',
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (cause) {
    // Network down or server not running: status 0 lets the UI say so.
    const err = new ApiError({ status: 0, title: 'network', detail: '' });
    err.cause = cause;
    throw err;
  }

  if (response.ok) {
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  const error = await parseProblem(response);
  if (!skipAuthRedirect) {
    if (error.status === 401) hooks.onUnauthorized(error);
    else if (error.status === 403 && error.code === 'password_change_required') hooks.onPasswordChangeRequired(error);
  }
  throw error;
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
};
