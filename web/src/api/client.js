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
  constructor({ status, title, detail, errors, code, params, type, body }) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title || '';
    this.detail = detail || '';
    this.errors = Array.isArray(errors) ? errors : [];
    this.code = code || '';
    this.params = params && typeof params === 'object' ? params : {};
    this.type = type || '';
    // The whole parsed body: a few endpoints (the Excel import) answer an
    // error status with a report the screen wants to show.
    this.body = body && typeof body === 'object' ? body : null;
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
  const text = await response.text().catch(() => '');
  return problemFromText(response.status, response.statusText, text);
}

function problemFromText(status, statusText, text) {
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!body || typeof body !== 'object') {
    return new ApiError({ status, title: statusText || `HTTP ${status}` });
  }
  return new ApiError({
    status: body.status || status,
    title: body.title,
    detail: body.detail,
    errors: body.errors,
    code: body.code,
    params: body.params,
    type: body.type,
    body,
  });
}

export function buildUrl(path, query) {
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

function redirectOnAuthError(error, skipAuthRedirect) {
  if (skipAuthRedirect) return;
  if (error.status === 401) hooks.onUnauthorized(error);
  else if (error.status === 403 && error.code === 'password_change_required') hooks.onPasswordChangeRequired(error);
}

/**
 * request('POST', '/api/v1/units', {body, query, skipAuthRedirect})
 * Resolves with the parsed JSON (or null for 204), rejects with ApiError.
 * skipAuthRedirect: the login and "who am I" calls expect 401 as a normal
 * answer and must not bounce the user around.
 * raw + contentType: send a file (Blob) as the request body instead of JSON.
 */
export async function request(method, path, { body, query, raw, contentType, skipAuthRedirect = false } = {}) {
  const upper = method.toUpperCase();
  const headers = { Accept: 'application/json, application/problem+json' };
  // The UI language (i18n/index.js keeps <html lang> in step): the server
  // renders notices in it.
  const lang = globalThis.document?.documentElement?.lang;
  if (lang) headers['Accept-Language'] = lang;
  if (raw !== undefined) headers['Content-Type'] = contentType || 'application/octet-stream';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
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
      body: raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined,
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
  redirectOnAuthError(error, skipAuthRedirect);
  throw error;
}

/**
 * Sends a file as the raw body of a POST and reports upload progress
 * (fetch cannot): onProgress(fraction 0..1). Resolves with the parsed JSON,
 * rejects with ApiError like request().
 */
export function upload(path, file, { query, contentType, onProgress } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path, query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Content-Type', contentType || file.type || 'application/octet-stream');
    const token = hooks.getCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    if (onProgress && xhr.upload) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
    }
    xhr.onerror = () => reject(new ApiError({ status: 0, title: 'network', detail: '' }));
    xhr.onload = () => {
      const text = xhr.responseText || '';
      if (xhr.status >= 200 && xhr.status < 300) {
        if (onProgress) onProgress(1);
        try {
          resolve(text ? JSON.parse(text) : null);
        } catch {
          resolve(null);
        }
        return;
      }
      const error = problemFromText(xhr.status, xhr.statusText, text);
      redirectOnAuthError(error, false);
      reject(error);
    };
    xhr.send(file);
  });
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  // POST of a file as the raw body (Excel import).
  postRaw: (path, file, contentType, query, opts) => request('POST', path, { ...opts, raw: file, contentType, query }),
};
