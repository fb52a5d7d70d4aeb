// The console speaks to the same JSON APIs as curl does; the session cookie stands in for the JWT, and every
// change carries the session's CSRF token.

let csrf = null;

export function useCsrf(token) {
  csrf = token;
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export async function api(method, path, body) {
  const headers = {'Accept': 'application/json'};
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const detail = (data && (data.detail || data.error || data.message)) || (response.status + ' ' + response.statusText);
    throw new ApiError(response.status, detail);
  }
  return data;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = path => api('DELETE', path);

/** A path segment from data (a tenant id, a token id), encoded so it cannot change the path. */
export const seg = value => encodeURIComponent(value);
