// PNG text chunks (tEXt, PNG 1.2 §11.3.4.3): what a downloaded image says about how it was made, readable by any PNG
// tool (`exiftool`, `pngcheck -t`, Python's PIL `Image.info`). Chunks are inserted after IHDR (the PNG's first chunk).

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

let crcTable = null;

/** CRC-32 (ISO 3309, as PNG uses it) of a byte range. */
export function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// What the page writes in its own text that Latin-1 lacks, spelt out; anything else outside Latin-1 becomes "?".
const SPELT = { 'η': 'eta', 'τ': 'tau', 'λ': 'lambda', 'σ': 'sigma', 'ε': 'eps', '\u0302': '^', 'ₜ': 't',
  '−': '-', '…': '...', '‖': '||', '∇': 'grad', '→': '->', '≈': '~' };

/** Latin-1 bytes of a text (tEXt's alphabet). */
function latin1(text) {
  const spelt = text.normalize('NFD').replace(/[^\u0000-\u00ff]/g,
    (ch) => SPELT[ch] ?? (/[\u0300-\u036f]/.test(ch) ? '' : '?'));
  return Uint8Array.from(spelt, (ch) => ch.charCodeAt(0));
}

function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A tEXt chunk: keyword (1–79 Latin-1 characters), a zero byte, the text. */
function textChunk(keyword, text) {
  const k = latin1(keyword);
  const t = latin1(text);
  const data = new Uint8Array(k.length + 1 + t.length);
  data.set(k);
  data.set(t, k.length + 1);
  return chunk('tEXt', data);
}

/** The PNG blob with one tEXt chunk per keyword of `entries` ({keyword: text}), right after its header chunk. */
export async function withText(pngBlob, entries) {
  const bytes = new Uint8Array(await pngBlob.arrayBuffer());
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  const ihdrEnd = 8 + 12 + new DataView(bytes.buffer).getUint32(8);
  const texts = Object.entries(entries).map(([k, v]) => textChunk(k, v));
  return new Blob([bytes.subarray(0, ihdrEnd), ...texts, bytes.subarray(ihdrEnd)], { type: 'image/png' });
}

/** JSON with every non-ASCII character escaped (\uXXXX), so it survives a Latin-1 chunk unchanged. */
export function asciiJson(value) {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)
    .padStart(4, '0')}`);
}
