// fill: the replay page from a run's JSON and SVG, as the C renderer will
// write it (the prototype for tests until --html exists).
// usage: node fill.mjs --json RUN.json --svg RUN.svg [--notes NOTES.txt] > page.html
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const htmlDir = join(here, "..", "..", "src", "render", "html");

// JSON that is safe inside <script>: no "</script", "<!--", "]]>" and no
// line terminators that older JavaScript rejects.
export function jsonForScript(text) {
  return text.replace(/[<>&\u2028\u2029]/g, (c) =>
    "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

export function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function unescapeXml(s) {
  return s.replace(/&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-f]+);/gi, (m, e) => {
    const named = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e[1] === "x" || e[1] === "X" ?
      parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

// The data-* attributes the page reads from the SVG's time axis: here
// measured from its ticks; the C renderer knows them exactly.
export function svgForPage(svg) {
  svg = svg.replace(/^<\?xml[^>]*\?>\s*/, "");
  const ticks = [];
  const g = /<g fill="#444" text-anchor="middle">([\s\S]*?)<\/g>/.exec(svg);
  if (g)
    for (const m of g[1].matchAll(/<text x="([0-9.]+)"[^>]*>([0-9.]+)<\/text>/g))
      ticks.push([parseFloat(m[1]), parseFloat(m[2])]);
  const axis = /<line x1="([0-9.]+)" y1="([0-9.]+)" x2="([0-9.]+)" y2="[0-9.]+" stroke="#555"\/>/.exec(svg);
  if (ticks.length < 2 || !axis)
    throw new Error("no time axis in the SVG");
  const [a, b] = [ticks[0], ticks[ticks.length - 1]];
  const k = (b[0] - a[0]) / (b[1] - a[1]);
  const t0 = a[0] - a[1] * k;
  const lane = /<rect x="[0-9.]+" y="([0-9.]+)" width="[0-9.]+" height="28"/.exec(svg);
  const attrs = ` data-t0-x="${+t0.toFixed(3)}" data-px-per-ms="${+k.toPrecision(6)}"` +
    ` data-plot-top="${lane ? lane[1] : 64}" data-plot-bottom="${axis[2]}"` +
    ` data-plot-right="${axis[3]}"`;
  return svg.replace(/^<svg /, "<svg" + attrs + " ").trimEnd();
}

// The notes, as the SVG prints them below the legend, joined again where
// it wrapped them (a line that does not end a sentence goes on).
export function notesFromSvg(svg) {
  const groups = [...svg.matchAll(/<g fill="#222">([\s\S]*?)<\/g>/g)];
  if (groups.length < 2) return [];
  const notes = [];
  let open = false;
  for (const m of groups[groups.length - 1][1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)) {
    const s = unescapeXml(m[1]);
    if (open) notes[notes.length - 1] += " " + s;
    else notes.push(s);
    open = !/[.:!?)]$/.test(s);
  }
  return notes;
}

export function titleFromSvg(svg) {
  const m = /<text x="16" y="26"[^>]*>([^<]*)<\/text>/.exec(svg);
  return m ? unescapeXml(m[1]) : "poolviz";
}

export function fillPage({ json, svg, notes, title, lesson }) {
  const template = readFileSync(join(htmlDir, "page.html"), "utf8");
  const parts = {
    TITLE: escapeHtml(title ?? titleFromSvg(svg)),
    CSS: readFileSync(join(htmlDir, "replay.css"), "utf8").trimEnd(),
    JS: readFileSync(join(htmlDir, "replay.js"), "utf8").trimEnd(),
    SVG: svgForPage(svg),
    NOTES: (notes ?? notesFromSvg(svg)).map((n) => `<p>${escapeHtml(n)}</p>`)
      .concat(lesson ? [`<p class="lesson">${escapeHtml(lesson)}</p>`] : [])
      .join("\n"),
    RUN_JSON: jsonForScript(json.trimEnd()),
  };
  return template.split("\n").map((line) => {
    const m = /^@@([A-Z_]+)@@$/.exec(line);
    if (!m) return line;
    if (!(m[1] in parts)) throw new Error(`unknown marker ${line}`);
    return parts[m[1]];
  }).join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const opt = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!/^--(json|svg|notes|lesson|title)$/.test(argv[i]) || argv[i + 1] === undefined) {
      process.stderr.write("usage: node fill.mjs --json FILE --svg FILE [--notes FILE] [--lesson FILE] [--title S]\n");
      process.exit(2);
    }
    opt[argv[i].slice(2)] = argv[i + 1];
  }
  if (!opt.json || !opt.svg) {
    process.stderr.write("fill: --json and --svg are needed\n");
    process.exit(2);
  }
  process.stdout.write(fillPage({
    json: readFileSync(opt.json, "utf8"),
    svg: readFileSync(opt.svg, "utf8"),
    notes: opt.notes ? readFileSync(opt.notes, "utf8").split("\n").filter(Boolean) : undefined,
    lesson: opt.lesson ? readFileSync(opt.lesson, "utf8").trim() : undefined,
    title: opt.title,
  }));
}
