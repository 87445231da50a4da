// Reading request bodies, shared by the Omni sandbox and the GitHub fake.

/**
 * The whole body as text. Settles on end, error or close alike, so a client that hangs up mid-body
 * never leaves a handler waiting.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
export function readBody(req) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', done);
    req.on('error', done);
    req.on('close', done);
  });
}

/**
 * A body as the request logs keep it: parsed JSON, the raw text when it is not JSON, null when empty.
 * @param {string} text
 */
export function parseLoggedBody(text) {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
