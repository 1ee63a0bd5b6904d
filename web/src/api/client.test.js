import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, configureApiClient, parseProblem, request } from './client.js';

function jsonResponse(status, body, contentType = 'application/json') {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType },
  });
}

describe('api client', () => {
  let fetchMock;
  const onUnauthorized = vi.fn();
  const onPasswordChangeRequired = vi.fn();

  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    onUnauthorized.mockReset();
    onPasswordChangeRequired.mockReset();
    configureApiClient({ getCsrfToken: () => 'csrf-123', onUnauthorized, onPasswordChangeRequired });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('parses problem+json into {status, title, detail, errors, code}', async () => {
    const res = jsonResponse(
      422,
      {
        type: 'about:blank',
        title: 'Validation failed',
        status: 422,
        detail: 'name: required',
        errors: [{ field: 'name', message: 'required' }, { field: 'name', message: 'second' }],
        code: 'validation',
      },
      'application/problem+json',
    );
    const err = await parseProblem(res);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.title).toBe('Validation failed');
    expect(err.detail).toBe('name: required');
    expect(err.code).toBe('validation');
    expect(err.errors).toHaveLength(2);
    expect(err.fieldErrors()).toEqual({ name: 'required' });
  });

  it('survives a non-JSON error body', async () => {
    const res = new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    const err = await parseProblem(res);
    expect(err.status).toBe(502);
    expect(err.errors).toEqual([]);
    expect(err.detail).toBe('');
  });

  it('rejects with the parsed problem from request()', async () => {
    fetchMock.mockResolvedValue(jsonResponse(423, { status: 423, title: 'Locked', detail: '账号已锁定，请 15 分钟后再试' }));
    await expect(request('POST', '/api/v1/auth/login', { body: {}, skipAuthRedirect: true })).rejects.toMatchObject({
      status: 423,
      detail: '账号已锁定，请 15 分钟后再试',
    });
  });

  it('sends X-CSRF-Token and same-origin credentials on writes', async () => {
    fetchMock.mockResolvedValue(jsonResponse(201, { id: 7 }));
    const out = await request('POST', '/api/v1/units', { body: { name: 'x' } });
    expect(out).toEqual({ id: 7 });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/units');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers['X-CSRF-Token']).toBe('csrf-123');
    expect(init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body)).toEqual({ name: 'x' });
  });

  it('sends the CSRF token on PATCH and DELETE too', async () => {
    fetchMock.mockImplementation(() => Promise.resolve(new Response(null, { status: 204 })));
    await request('PATCH', '/api/v1/units/1', { body: { version: 1 } });
    await request('DELETE', '/api/v1/auth/tokens/3');
    expect(fetchMock.mock.calls[0][1].headers['X-CSRF-Token']).toBe('csrf-123');
    expect(fetchMock.mock.calls[1][1].headers['X-CSRF-Token']).toBe('csrf-123');
  });

  it('does not send the CSRF token on GET, and drops empty query values', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { items: [] }));
    await request('GET', '/api/v1/users', { query: { page: 2, per_page: 20, q: '', role: undefined, unit: null } });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/users?page=2&per_page=20');
    expect(init.headers['X-CSRF-Token']).toBeUndefined();
    expect(init.credentials).toBe('same-origin');
  });

  it('calls the unauthorized hook on 401', async () => {
    fetchMock.mockResolvedValue(jsonResponse(401, { status: 401, title: 'Unauthorized' }));
    await expect(request('GET', '/api/v1/units/tree')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not redirect on 401 when the caller expects it (login)', async () => {
    fetchMock.mockResolvedValue(jsonResponse(401, { status: 401, title: 'Unauthorized', detail: 'bad credentials' }));
    await expect(request('POST', '/api/v1/auth/login', { body: {}, skipAuthRedirect: true })).rejects.toMatchObject({
      status: 401,
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('sends the user to change the password on 403 password_change_required', async () => {
    fetchMock.mockResolvedValue(jsonResponse(403, { status: 403, title: 'Forbidden', code: 'password_change_required' }));
    await expect(request('GET', '/api/v1/users')).rejects.toMatchObject({ code: 'password_change_required' });
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('does not treat other 403s as a password change', async () => {
    fetchMock.mockResolvedValue(jsonResponse(403, { status: 403, title: 'Forbidden', code: 'csrf' }));
    await expect(request('POST', '/api/v1/units', { body: {} })).rejects.toMatchObject({ status: 403, code: 'csrf' });
    expect(onPasswordChangeRequired).not.toHaveBeenCalled();
  });

  it('reports a network failure as status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(request('GET', '/api/v1/units/tree')).rejects.toMatchObject({ status: 0 });
  });
});
