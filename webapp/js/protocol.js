// Wire protocol v1 (docs/PROTOCOL.md): binary image frames are a 4-byte big-endian header length n, n bytes of
// UTF-8 JSON header ({"jobId","step","kind","index"}), then a PNG.

import { accessToken } from './access.js';

export function decodeImageFrame(buffer) {
  const view = new DataView(buffer);
  const n = view.getUint32(0, false);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, n)));
  const png = new Blob([new Uint8Array(buffer, 4 + n)], { type: 'image/png' });
  return { header, png };
}

/** ws: or wss: URL of a path on this page's server. */
export function socketUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = accessToken();
  const query = token ? `?access_token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}${path}${query}`;
}

let counter = 0;

/** A request id unique within this page. */
export function newRequestId(prefix = 'r') {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}-${counter}`;
}
