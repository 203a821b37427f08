// Client side of wire protocol v1 (docs/PROTOCOL.md): JSON text messages and binary image frames
// (4-byte big-endian header length n, n bytes of UTF-8 JSON header, then a PNG).

export function decodeImageFrame(buffer) {
  const view = new DataView(buffer);
  const n = view.getUint32(0, false);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, n)));
  const png = new Blob([new Uint8Array(buffer, 4 + n)], { type: 'image/png' });
  return { header, png };
}

export function socketUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/** Opens /ws/generate and routes messages to handlers: onText(json), onImage({header, png}), onClose(). */
export function openGenerateSocket({ onText, onImage, onClose }) {
  const ws = new WebSocket(socketUrl('/ws/generate'));
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (ev) => {
    if (typeof ev.data === 'string') onText(JSON.parse(ev.data));
    else onImage(decodeImageFrame(ev.data));
  };
  ws.onclose = () => onClose && onClose();
  const ready = new Promise((resolve, reject) => {
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error('cannot connect to ' + ws.url));
  });
  return { ws, ready };
}
