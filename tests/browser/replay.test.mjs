// replay.test: the --html replay page in headless chromium, as TAP.
// Pages come from real runs of ./poolviz --html (POOLVIZ); the page with
// hostile strings from the C renderer's unit test (UNIT_HTML); artifacts
// (pages, screenshots) go to BROWSER_ARTIFACTS (default build/browser).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromiumPath, launch } from "./cdp.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const poolviz = resolve(repo, process.env.POOLVIZ || "poolviz");
const unitHtml = resolve(repo, process.env.UNIT_HTML || "build/release/tests/test_render_html");
const out = resolve(repo, process.env.BROWSER_ARTIFACTS || "build/browser");
const SCENARIOS = ["article", "blocked", "starve", "offload"];
// Small runs: each takes about a second here; the page is the same size
// whatever the iterations.
const ITERATIONS = process.env.BROWSER_ITERATIONS || "20000";

let n = 0, failed = 0;
const plan = [];
function test(name, fn) { plan.push({ name, fn }); }
function check(cond, what) { if (!cond) throw new Error(what); }

function makePage(scenario, extra = []) {
  const base = join(out, scenario);
  const json = execFileSync(poolviz, ["--scenario", scenario, "--calls", "4",
    "--pool", "4", "--iterations", ITERATIONS, ...extra, "--format", "json",
    "--html", base + ".html"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  writeFileSync(base + ".json", json);
  return { file: base + ".html", url: pathToFileURL(base + ".html").href, run: JSON.parse(json) };
}

const pages = {};
let browser;

async function open(p, { hash = "", ...opt } = {}) {
  const page = await browser.newPage(opt);
  await page.goto(p.url + hash);
  return page;
}

function lastDelivery(run) {
  let t = 0;
  for (const k of run.tasks) if (k.done_ms !== null) t = Math.max(t, k.done_ms);
  return t;
}

test("the article's page loads with no console error and no network request", async () => {
  const page = await open(pages.article);
  const ok = await page.eval("typeof replay === 'object' && replay.scaled");
  await page.close();
  check(ok, "no replay object, or no scale on the SVG");
  check(page.errors.length === 0, "errors: " + page.errors.join("; "));
  const others = page.requests.filter((u) => u !== pages.article.url);
  check(page.requests.length === 1 && others.length === 0,
    "requests: " + page.requests.join(", "));
});

test("the article's page is under 200 KB", async () => {
  const size = statSync(pages.article.file).size;
  console.log(`# ${pages.article.file}: ${size} bytes`);
  check(size < 200 * 1024, `${size} bytes`);
});

test("at 1x the cursor reaches the last delivery in about the run's duration", async () => {
  const page = await open(pages.article);
  const last = lastDelivery(pages.article.run);
  const took = await page.eval(`new Promise((res) => {
    replay.predict(false); replay.setSpeed(1); replay.seek(0);
    const t0 = performance.now(); replay.play();
    (function f() {
      if (replay.now() >= ${last}) res(performance.now() - t0);
      else requestAnimationFrame(f);
    })();
  })`);
  const st = await page.eval("replay.state");
  await page.close();
  console.log(`# last delivery at ${last} ms of the run, reached after ${took.toFixed(0)} ms`);
  check(took >= last * 0.95 - 20 && took <= last * 1.2 + 200, `took ${took} ms for ${last} ms`);
  check(page.errors.length === 0, "errors: " + page.errors.join("; "));
  check(st.shown >= 1, "no line shown");
});

test("every speed runs the clock at that rate (a hand-driven clock)", async () => {
  const page = await open(pages.article);
  const r = await page.eval(`(() => {
    const out = {};
    replay.predict(false);
    for (const s of replay.speeds) {
      replay.seek(0); replay.setSpeed(s); replay.play();
      let real = 0;
      while (replay.state.playing && real < 1e7) { replay.advance(16); real += 16; }
      out[s] = real;
    }
    return { out, d: replay.duration, end: replay.now(), shown: replay.state.shown, lines: replay.lines.length };
  })()`);
  await page.close();
  for (const [s, real] of Object.entries(r.out)) {
    const want = r.d / Number(s);
    check(Math.abs(real - want) <= 16, `speed ${s}: ${real} ms of real time for ${want}`);
  }
  check(r.end === r.d && r.shown === r.lines, `ended at ${r.end} of ${r.d}, ${r.shown} of ${r.lines} lines`);
});

test("stepping visits every event in order, by button API and by arrow keys", async () => {
  const page = await open(pages.article);
  const r = await page.eval(`(() => {
    replay.seek(0);
    while (replay.state.event > -1) replay.step(-1);
    const fwd = [];
    for (let i = 0; i < replay.events.length + 2; i++) { replay.step(1); fwd.push([replay.state.event, replay.now()]); }
    const back = [];
    for (let i = 0; i < replay.events.length + 2; i++) { replay.step(-1); back.push(replay.state.event); }
    return { fwd, back, ev: replay.events };
  })()`);
  const n = r.ev.length;
  check(n === 4 * pages.article.run.tasks.length + 2, `${n} events`);
  for (let i = 0; i < n; i++) {
    check(r.fwd[i][0] === i, `step ${i + 1} went to event ${r.fwd[i][0]}`);
    check(r.fwd[i][1] === r.ev[i].ms, `step ${i + 1} at ${r.fwd[i][1]}, event at ${r.ev[i].ms}`);
    if (i > 0) check(r.ev[i].ms >= r.ev[i - 1].ms, `event ${i} before event ${i - 1}`);
  }
  check(r.fwd[n][0] === n - 1 && r.fwd[n + 1][0] === n - 1, "stepped past the last event");
  for (let i = 0; i < n; i++) check(r.back[i] === n - 2 - i, `back step ${i + 1} went to ${r.back[i]}`);
  for (const kind of ["queued", "starts on worker", "ends, done", "delivered on main"])
    check(r.ev.filter((e) => e.what.includes(kind)).length === 4, `not 4 events '${kind}'`);
  // The keys: from the start, → three times, ← once.
  await page.eval("replay.seek(0); while (replay.state.event > -1) replay.step(-1)");
  for (let i = 0; i < 3; i++) await page.key("ArrowRight", "ArrowRight", 39);
  await page.key("ArrowLeft", "ArrowLeft", 37);
  const e = await page.eval("replay.state.event");
  await page.close();
  check(e === 1, `after → → → ← at event ${e}, not 1`);
});

test("events name units by the record's config.noun, the one unit map (C's)", async () => {
  // A real deflate page: its JSON says "deflate block", and so do its events.
  const base = join(out, "deflate");
  const json = execFileSync(poolviz, ["--work", "deflate", "--calls", "2", "--pool", "2",
    "--format", "json", "--html", base + ".html"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  const noun = JSON.parse(json).config.noun;
  check(noun === "deflate block", `config.noun is ${JSON.stringify(noun)}`);
  const deflate = { url: pathToFileURL(base + ".html").href };
  let page = await open(deflate);
  let ev = await page.eval("replay.events.map((e) => e.what)");
  await page.close();
  check(ev.includes("deflate block 1 queued"), "no 'deflate block 1 queued': " + ev.join("; "));
  // The article's page with another noun in its JSON: the page follows it.
  const html = readFileSync(pages.article.file, "utf8");
  check(html.includes('"noun":"hash"'), "the article's page has no noun");
  const other = join(out, "noun.html");
  writeFileSync(other, html.replace('"noun":"hash"', '"noun":"widget"'));
  page = await open({ url: pathToFileURL(other).href });
  ev = await page.eval("replay.events.map((e) => e.what)");
  await page.close();
  check(ev.filter((w) => /^widget \d+ queued$/.test(w)).length === 4, "events: " + ev.join("; "));
  check(!ev.some((w) => /^hash \d/.test(w)), "an event still says hash");
});

test("#t= opens at that moment and the fragment follows the scrubber", async () => {
  const at = Math.round(pages.article.run.lines[2].ms);
  const page = await open(pages.article, { hash: `#t=${at}` });
  const r = await page.eval(`(() => {
    const s = replay.state, cx = +document.getElementById("cursor").getAttribute("x1");
    const scrub = document.getElementById("scrub");
    /* A moment inside this run, which may be shorter than any fixed one. */
    let to = Math.floor(replay.duration / 2);
    if (to === ${at}) to += 1;
    scrub.value = String(to); scrub.dispatchEvent(new Event("input", { bubbles: true }));
    return { t: s.t, shown: s.shown, hash: location.hash, cx, to };
  })()`);
  const x = await page.eval(`(() => { const s = document.querySelector("#timeline svg");
    return +s.dataset.t0X + ${at} * s.dataset.pxPerMs; })()`);
  await page.close();
  check(r.t === at, `opened at ${r.t}, not ${at}`);
  check(r.shown === 3, `${r.shown} lines shown at Scheduled, not 3`);
  check(Math.abs(r.cx - x) < 0.01, `cursor at x ${r.cx}, not ${x}`);
  check(r.hash === `#t=${r.to}`, `fragment ${r.hash} after scrubbing to ${r.to}`);
});

test("predict mode pauses at 'Scheduled all async tasks', asks, then plays on", async () => {
  const page = await open(pages.article);
  const sched = pages.article.run.lines.find((l) => l.text.startsWith("Scheduled")).ms;
  const r = await page.eval(`new Promise((res) => {
    document.getElementById("predict").click();
    replay.seek(0); replay.setSpeed(2); replay.play();
    (function f() {
      if (replay.state.playing) return requestAnimationFrame(f);
      const ask = document.getElementById("ask");
      res({ s: replay.state, ask: !ask.hidden, q: ask.textContent, veil: document.getElementById("veil").getAttribute("fill-opacity") });
    })();
  })`);
  check(r.s.t === sched && r.s.asking && r.ask, `paused at ${r.s.t} (Scheduled ${sched}), asking ${r.s.asking}`);
  check(r.q.includes("Which finish first, and when?"), "no question");
  check(r.veil === "1", "the future is not hidden while predicting");
  await page.key(" ", "Space", 32);
  const after = await page.eval(`new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(() =>
    res({ s: replay.state, ask: !document.getElementById("ask").hidden }))))`);
  await page.close();
  check(after.s.playing && !after.s.asking && !after.ask, "space did not play on");
  check(page.errors.length === 0, "errors: " + page.errors.join("; "));
});

test("keyboard: space plays and pauses, + and - change the speed", async () => {
  const page = await open(pages.article);
  await page.eval("replay.predict(false); replay.seek(0); document.getElementById('play').focus()");
  await page.key(" ", "Space", 32);
  const p1 = await page.eval("replay.state.playing");
  await page.key(" ", "Space", 32);
  const p2 = await page.eval("replay.state.playing");
  const speeds = [];
  for (const [k, c, v] of [["+", "Equal", 187], ["-", "Minus", 189], ["-", "Minus", 189], ["-", "Minus", 189], ["-", "Minus", 189], ["+", "Equal", 187]]) {
    await page.key(k, c, v);
    speeds.push(await page.eval("replay.state.speed + ':' + document.getElementById('speed').value"));
  }
  await page.close();
  check(p1 === true && p2 === false, `space on the focused Play button: ${p1}, ${p2}`);
  check(speeds.join(" ") === "2:2 1:1 0.5:0.5 0.25:0.25 0.1:0.1 0.25:0.25", speeds.join(" "));
});

for (const s of SCENARIOS)
  test(`scenario ${s} renders and plays to its end`, async () => {
    const page = await open(pages[s], { width: 1920, height: 1080, scheme: "dark" });
    const r = await page.eval(`(() => {
      replay.predict(false); replay.seek(0); replay.play();
      while (replay.state.playing) replay.advance(50);
      const svg = document.querySelector("#timeline svg");
      return { scaled: replay.scaled, ev: replay.events.length, st: replay.state, d: replay.duration,
        lines: replay.lines.length, bars: svg.querySelectorAll("rect").length,
        li: [...document.querySelectorAll("#lines li")].map((l) => l.textContent) };
    })()`);
    writeFileSync(join(out, `${s}-end.png`), await page.screenshot());
    await page.close();
    check(page.errors.length === 0, "errors: " + page.errors.join("; "));
    check(r.scaled && r.bars > 4, "no scaled SVG");
    check(r.ev > 0 && r.st.t === r.d && r.st.shown === r.lines, `ended at ${r.st.t}/${r.d}, ${r.st.shown}/${r.lines} lines`);
    check(r.li.join("\n") === pages[s].run.lines.map((l) => l.text).join("\n"), "the lines differ from the run's");
    if (s === "starve") check(r.ev >= 16 + 6, `${r.ev} events: probes missing`);
    if (s === "offload") check(r.ev >= 16 + 3, `${r.ev} events: worker thread missing`);
  });

test("without JavaScript the SVG timeline and the notes are there", async () => {
  const page = await open(pages.blocked, { js: false });
  const v = await page.eval(`(() => {
      const svg = document.querySelector("#timeline svg");
      const r = svg && svg.getBoundingClientRect();
      return { w: r ? r.width : 0, rects: svg ? svg.querySelectorAll("rect").length : 0,
        notes: document.querySelectorAll("#notes p").length,
        noteText: document.querySelector("#notes").innerText,
        controls: getComputedStyle(document.getElementById("controls")).display,
        replay: typeof window.replay };
    })()`);
  writeFileSync(join(out, "nojs.png"), await page.screenshot());
  await page.close();
  check(v.w > 900 && v.rects > 10, `SVG ${v.w} px wide, ${v.rects} rects`);
  check(v.notes >= 3 && /heartbeat/i.test(v.noteText), `${v.notes} notes`);
  check(v.controls === "none" && v.replay === "undefined", `controls ${v.controls}, replay ${v.replay}`);
});

test("the projector theme at 1920x1080: a screenshot, body text at least 24 px", async () => {
  const page = await open(pages.article, { width: 1920, height: 1080, scheme: "light",
    hash: `#t=${Math.round(pages.article.run.lines[3].ms)}` });
  const r = await page.eval(`(() => {
    replay.theme("projector");
    const sel = "h1, h2, #lines li, #notes p, #now, #controls button, #controls label, #clock, #ask p";
    const els = [...document.querySelectorAll(sel)].filter((e) => e.offsetParent !== null);
    return { theme: replay.state.theme, n: els.length,
      small: els.map((e) => [e.tagName + (e.id ? "#" + e.id : ""), parseFloat(getComputedStyle(e).fontSize)])
        .filter(([, px]) => px < 24),
      bg: getComputedStyle(document.body).backgroundColor, fg: getComputedStyle(document.body).color };
  })()`);
  const png = await page.screenshot();
  writeFileSync(join(out, "projector-1920x1080.png"), png);
  // Half size, for docs/replay.png (copied there by hand).
  const small = await page.screenshot({ scale: 0.5 });
  writeFileSync(join(out, "projector-960x540.png"), small);
  await page.close();
  console.log(`# screenshot: ${join(out, "projector-1920x1080.png")}`);
  check(r.theme === "projector", `theme ${r.theme}`);
  check(r.n >= 8 && r.small.length === 0, `${r.n} text elements; under 24 px: ${JSON.stringify(r.small)}`);
  check(r.bg === "rgb(0, 0, 0)" && r.fg === "rgb(255, 255, 255)", `${r.fg} on ${r.bg}`);
  check(png.length > 10000 && png.readUInt32BE(16) === 1920 && png.readUInt32BE(20) === 1080, "not a 1920x1080 PNG");
  check(small.readUInt32BE(16) === 960 && small.readUInt32BE(20) === 540, "not a 960x540 PNG");
});

test("prefers-color-scheme picks the theme, and the toggle switches it", async () => {
  const themes = [];
  for (const scheme of ["dark", "light"]) {
    const page = await open(pages.article, { scheme });
    themes.push(await page.eval("replay.state.theme"));
    await page.eval("document.getElementById('theme').click()");
    themes.push(await page.eval("replay.state.theme + ':' + getComputedStyle(document.body).fontSize"));
    await page.close();
  }
  check(themes.join(" ") === "projector plain:16px plain projector:28px", themes.join(" "));
});

test("strings from the run stay text: no markup, no script, no broken JSON", async () => {
  // The C renderer's page of a record whose OpenSSL version is
  // '</script><img src=x onerror="pwned=1">' U+2028 '!', written by its
  // unit test (tests/unit/test_render_html.c).
  const evil = '</script><img src=x onerror="pwned=1">\u2028!';
  const file = join(out, "escape.html");
  execFileSync(unitHtml, [], { env: { ...process.env, POOLVIZ_HTML_EVIL: file },
    stdio: ["ignore", "pipe", "pipe"] });
  const page = await open({ url: pathToFileURL(file).href });
  const r = await page.eval(`(() => ({ pwned: window.pwned, imgs: document.images.length,
    scripts: document.scripts.length, replay: typeof window.replay,
    openssl: JSON.parse(document.getElementById("run").textContent).machine.openssl,
    svg: document.querySelector("#timeline svg").textContent }))()`);
  await page.close();
  check(r.pwned === undefined && r.imgs === 0 && r.scripts === 2, JSON.stringify(r));
  check(r.replay === "object", "the page's script did not run");
  check(r.openssl === evil && r.svg.includes(evil), "the text came out changed");
  check(page.errors.length === 0, "errors: " + page.errors.join("; "));
  check(page.requests.length === 1, "requests: " + page.requests.join(", "));
});

async function main() {
  if (!chromiumPath) {
    console.log("1..0 # SKIP no chromium (apt-get install chromium, or set CHROMIUM)");
    return;
  }
  mkdirSync(out, { recursive: true });
  for (const s of SCENARIOS) pages[s] = makePage(s);
  browser = await launch();
  console.log(`1..${plan.length}`);
  try {
    for (const t of plan) {
      n++;
      try {
        const t0 = Date.now();
        let timer;
        await Promise.race([t.fn(), new Promise((_, rej) => {
          timer = setTimeout(() => rej(new Error("timed out after 60 s")), 60000);
        })]).finally(() => clearTimeout(timer));
        console.log(`ok ${n} - ${t.name}`);
        if (process.env.BROWSER_TIMES) console.log(`# ${Date.now() - t0} ms`);
      } catch (e) {
        failed++;
        console.log(`not ok ${n} - ${t.name}`);
        for (const l of String(e.stack || e).split("\n").slice(0, 4)) console.log(`#   ${l}`);
      }
    }
  } finally {
    await browser.close();
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => { console.log(`Bail out! ${e.message}`); process.exitCode = 1; });
