// Reads a PNG in Node for the download checks: its chunks (with their CRCs checked), size and tEXt entries.

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** {width, height, text: {keyword: text}, chunks: [type]}; throws on a bad signature or CRC. */
export function readPng(buffer) {
  const bytes = new Uint8Array(buffer);
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = { text: {}, chunks: [] };
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      throw new Error(`chunk ${type} has a bad CRC`);
    }
    out.chunks.push(type);
    if (type === 'IHDR') Object.assign(out, { width: view.getUint32(at + 8), height: view.getUint32(at + 12) });
    if (type === 'tEXt') {
      const zero = data.indexOf(0);
      out.text[Buffer.from(data.subarray(0, zero)).toString('latin1')] = Buffer.from(data.subarray(zero + 1))
        .toString('latin1');
    }
    at += 12 + length;
  }
  if (out.chunks.at(-1) !== 'IEND') throw new Error('no IEND chunk');
  return out;
}
