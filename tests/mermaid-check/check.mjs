// Reads a Markdown report on stdin and parses every ```mermaid block with Mermaid's own parser.
// Prints "N blocks parsed" and exits 0, or prints the parser's error and exits 1.
// Mermaid needs a DOM (it sanitises labels with DOMPurify): jsdom provides one under Node.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

const report = readFileSync(0, 'utf8');
const blocks = [...report.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map(m => m[1]);
for (const block of blocks) {
  try {
    await mermaid.parse(block);
  } catch (error) {
    console.log(`not valid Mermaid: ${error.message}\n${block}`);
    process.exit(1);
  }
}
console.log(`${blocks.length} blocks parsed`);
