// cdp: a headless chromium driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: fd 3 in, fd 4 out, one JSON message per NUL),
// so the tests need no npm package and no port.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const chromiumPath = process.env.CHROMIUM ||
  ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .find((p) => existsSync(p));

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "poolviz-chromium-"));
  const proc = spawn(chromiumPath, [
    "--headless=new", "--no-sandbox", "--disable-gpu",
    "--remote-debugging-pipe", `--user-data-dir=${profile}`,
    "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions", "--mute-audio",
    "--hide-scrollbars", "--force-color-profile=srgb", "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
  const out = proc.stdio[3], inp = proc.stdio[4];
  let id = 0, buf = "";
  const waiting = new Map(), listeners = [];
  const exited = new Promise((res) => proc.on("exit", res));
  inp.on("data", (d) => {
    buf += d.toString("utf8");
    let z;
    while ((z = buf.indexOf("\0")) >= 0) {
      const msg = JSON.parse(buf.slice(0, z));
      buf = buf.slice(z + 1);
      if (msg.id !== undefined && waiting.has(msg.id)) {
        const w = waiting.get(msg.id);
        waiting.delete(msg.id);
        if (msg.error) w.reject(new Error(`${w.method}: ${msg.error.message}`));
        else w.resolve(msg.result);
      } else if (msg.method) {
        for (const l of listeners.slice()) l(msg);
      }
    }
  });
  function send(method, params = {}, sessionId) {
    const msg = { id: ++id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      waiting.set(msg.id, { resolve, reject, method });
      out.write(JSON.stringify(msg) + "\0");
    });
  }
  function on(fn) {
    listeners.push(fn);
    return () => listeners.splice(listeners.indexOf(fn), 1);
  }
  async function newPage({ width = 1280, height = 800, js = true, scheme } = {}) {
    const { targetId } = await send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
    const s = (method, params) => send(method, params, sessionId);
    const page = { sessionId, requests: [], errors: [], send: s };
    on((m) => {
      if (m.sessionId !== sessionId) return;
      const p = m.params;
      if (m.method === "Network.requestWillBeSent") page.requests.push(p.request.url);
      else if (m.method === "Runtime.exceptionThrown")
        page.errors.push(p.exceptionDetails.exception?.description || p.exceptionDetails.text);
      else if (m.method === "Runtime.consoleAPICalled" && /^(error|assert|warning)$/.test(p.type))
        page.errors.push(`console.${p.type}: ` + p.args.map((a) => a.value ?? a.description).join(" "));
      else if (m.method === "Log.entryAdded" && /^(error|warning)$/.test(p.entry.level))
        page.errors.push(`log ${p.entry.level}: ${p.entry.text} ${p.entry.url || ""}`);
    });
    await s("Page.enable");
    await s("Runtime.enable");
    await s("Network.enable");
    await s("Log.enable");
    await s("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
    if (scheme)
      await s("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: scheme }] });
    if (!js) await s("Emulation.setScriptExecutionDisabled", { value: true });
    page.goto = async (url) => {
      const loaded = new Promise((res) => {
        const off = on((m) => {
          if (m.sessionId === sessionId && m.method === "Page.loadEventFired") { off(); res(); }
        });
      });
      const r = await s("Page.navigate", { url });
      if (r.errorText) throw new Error(`navigate ${url}: ${r.errorText}`);
      await loaded;
    };
    page.eval = async (expression) => {
      const r = await s("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails)
        throw new Error(`eval: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}`);
      return r.result.value;
    };
    page.key = async (key, code, keyCode) => {
      const text = key.length === 1 ? key : undefined;
      await s("Input.dispatchKeyEvent", { type: "keyDown", key, code, windowsVirtualKeyCode: keyCode, text });
      await s("Input.dispatchKeyEvent", { type: "keyUp", key, code, windowsVirtualKeyCode: keyCode });
    };
    // scale < 1: the whole viewport, smaller (the docs' copy).
    page.screenshot = async ({ scale = 1 } = {}) =>
      Buffer.from((await s("Page.captureScreenshot", { format: "png",
        ...(scale === 1 ? {} : { clip: { x: 0, y: 0, width, height, scale } }) })).data, "base64");
    page.close = () => send("Target.closeTarget", { targetId });
    return page;
  }
  async function close() {
    try { await Promise.race([send("Browser.close"), exited]); } catch { /* gone already */ }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
    if (proc.exitCode === null) proc.kill("SIGKILL");
    rmSync(profile, { recursive: true, force: true });
  }
  return { send, on, newPage, close, stderr: () => stderr };
}
