// The JSON API under /api: reads, and actions with the token.

import { token } from './header.js';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(method, path, params, body) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== '') {
      query.set(key, value);
    }
  }
  const url = path + (query.toString() ? '?' + query : '');
  const headers = { Accept: 'application/json' };
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json';
    headers['X-Ebats-Token'] = token.get(); // empty without a token: the server answers 401
  }
  let response;
  try {
    response = await fetch(url, {
      method, headers, cache: 'no-store', credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'the dashboard is not reachable');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const message = data && typeof data.error === 'string' ? data.error : response.statusText;
    throw new ApiError(response.status, message || 'HTTP ' + response.status);
  }
  return data;
}

export const api = {
  get: (path, params) => request('GET', path, params),
  post: (path, body) => request('POST', path, null, body),
};

/** A sentence for the user about a failed request. */
export function describe(error) {
  if (!(error instanceof ApiError)) {
    return String(error && error.message || error);
  }
  switch (error.status) {
    case 0:
      return 'The dashboard is not reachable; retrying.';
    case 401:
      return 'Token missing or wrong: paste the token the dashboard printed at start into the token field '
        + '(' + error.message + ').';
    case 403:
      return 'Refused (403): ' + error.message + '. Check the token and open the dashboard at the address it printed.';
    default:
      return error.message + ' (' + error.status + ')';
  }
}
