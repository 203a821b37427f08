// REST calls (docs/PROTOCOL.md, "HTTP"): JSON in, JSON out; errors become ApiError with the server's code.

import { accessToken } from './access.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, body) {
  const init = { method, headers: { accept: 'application/json' } };
  const token = accessToken();
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `cannot reach the server (${e.message})`);
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    throw new ApiError(res.status, json?.code ?? 'HTTP_' + res.status, json?.message ?? `${res.status} ${text}`);
  }
  return json;
}

export const api = {
  models: () => call('GET', '/api/models').then((r) => r.models),
  model: (name) => call('GET', `/api/models/${encodeURIComponent(name)}`),
  evalResult: (name, key, version) => call('GET', `/api/models/${encodeURIComponent(name)}/evals/`
    + `${encodeURIComponent(key)}${version ? `?version=${version}` : ''}`),
  deleteEval: (name, key, version) => call('DELETE', `/api/models/${encodeURIComponent(name)}/evals/`
    + `${encodeURIComponent(key)}${version ? `?version=${version}` : ''}`),
  train: (body) => call('POST', '/api/train', body),
  trainCancel: (id) => call('POST', `/api/train/${encodeURIComponent(id)}/cancel`),
  evaluate: (body) => call('POST', '/api/eval', body),
  evalCancel: (id) => call('POST', `/api/eval/${encodeURIComponent(id)}/cancel`),
};
