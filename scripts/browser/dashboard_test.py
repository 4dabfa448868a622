#!/usr/bin/env python3
"""The dashboard in a real browser (scripts/browser.sh; docs/testing.md).

Starts a real `baton serve` with authentication required, two groups whose members heartbeat
from a thread of this process (following the lease contract's pace: every T / 4), and drives
headless Chromium through WebDriver (selenium, chromedriver from the distribution):

1. signs in through the page (a user's HCX session token, kept in sessionStorage);
2. the overview shows, per group, the Primary and epoch the API reports;
3. the group page shows the same Primary, every member, and a timeline whose SVG segments and
   change marks are, structurally, the role changes of the group's history (scripted: elected,
   a failover by the API, then one from the page);
4. a planned failover started from the page moves the role (the API says so) and the
   timeline shows it with the new epoch, reason and who asked, without a reload;
5. pause and resume from the page; the history table pages;
6. an HA group (HCX) of two heartbeating appliances: the overview shows the ACTIVE appliance and
   epoch the API reports; its page shows the appliances and the timeline; a force failover from
   the page moves the role (the API says so) and the timeline shows the new epoch without a
   reload; pause, resume, drain and undrain from the page;
6b. a reader sees no actions; every form control has a label; no console errors (a
   Content-Security-Policy violation is one);
7. on a second server with authentication off (no sign-in needed), a page of another origin
   cannot pause a group (the browser's POST is refused as cross-site), while the dashboard can.

Screenshots go to --artifacts. Any mismatch exits 1.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from free_port import free_port  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CF = "/api/v1/clientfailover"
HCX = "/hybridity/api/interconnect"
WAIT = 15
failures: list[str] = []


# WCAG 2 contrast of every visible element that holds text of its own (HTML and SVG text):
# the text colour (or an SVG fill) against the first opaque background behind it, colours with
# alpha blended over what lies below. Normal text needs 4.5:1, large text (24 px, or 18.66 px
# bold) 3:1. Returns the failures as "selector: ratio (colour on background)".
CONTRAST_SCRIPT = """
const parse = (text) => {
  const m = text.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const blend = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]);
const background = (element) => {
  const layers = [];
  for (let e = element; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let colour = [255, 255, 255, 1];
  for (const layer of layers.reverse()) colour = blend(layer, colour);
  return colour;
};
const luminance = (c) => {
  const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
  (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
const failures = [];
for (const e of document.querySelectorAll('body *')) {
  const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
  const bg = background(e);
  const svg = e instanceof SVGElement;
  let fg = parse(svg && style.fill && style.fill !== 'none' ? style.fill : style.color);
  if (!fg) continue;
  fg = blend([fg[0], fg[1], fg[2], fg[3] * Number(style.opacity || 1)], bg);
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
  const ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
  const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  if (ratio < needed) failures.push(`${name(e)}: ${ratio.toFixed(2)} (${style.color} on rgb(${bg.slice(0, 3).map(Math.round)}))`);
}
return failures;
"""


def log(message: str) -> None:
    print(f"browser: {message}", flush=True)


def check(condition: bool, message: str) -> bool:
    if condition:
        log(f"ok   {message}")
    else:
        log(f"FAIL {message}")
        failures.append(message)
    return condition


class Baton:
    """One `baton serve` on a throwaway data directory and a free loopback port."""

    def __init__(self, binary: str, work: str, auth: bool, users: list[tuple[str, str, str]]):
        self.data = os.path.join(work, "data-auth" if auth else "data-open")
        self.log_path = os.path.join(work, "baton-auth.log" if auth else "baton-open.log")
        self.credentials = None
        for name, password, role in users:
            subprocess.run([binary, "users", "add", "--data-dir", self.data, "--username", name, "--tenant", "default",
                            "--role", role, "--password-stdin", "--bcrypt-cost", "4"],
                           input=password.encode(), check=True, stdout=subprocess.DEVNULL)
            if self.credentials is None:
                self.credentials = (name, password)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", self.data,
             "--auth", "required" if auth else "disabled", "--log-level", "warning",
             "--request-rate", "100000", "--heartbeat-rate", "1000"],
            stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/health", timeout=1).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        sys.exit(f"browser: baton serve did not start:\n{open(self.log_path).read()[-2000:]}")

    def request(self, method: str, path: str, body=None, want_headers=False):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.credentials:
            token = base64.b64encode(f"{self.credentials[0]}:{self.credentials[1]}".encode()).decode()
            request.add_header("Authorization", "Basic " + token)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
                value = json.loads(text) if text else None
                return (value, response.headers) if want_headers else value
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path}: {error.code} {error.read().decode()[:300]}") from None

    def status(self, group: str) -> dict:
        return self.request("GET", f"{CF}/groups/{group}/status")

    def events(self, group: str) -> list[dict]:
        return self.request("GET", f"{CF}/groups/{group}/events?count=1000")

    def ha_group(self, group: str) -> dict:
        return self.request("GET", f"{HCX}/appliances/ha/groups/{group}")

    def ha_events(self, group: str) -> list[dict]:
        return self.request("GET", f"{HCX}/appliances/ha/groups/{group}/events?pageSize=1000")["items"]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def ha_active(group: dict):
    """The ACTIVE appliance of an HCX HA group answer."""
    return next((m["applianceId"] for m in group["groupMembers"] if m["role"] == "ACTIVE"), None)


def ha_member(group: dict, appliance: str) -> dict:
    return next(m for m in group["groupMembers"] if m["applianceId"] == appliance)


def ha_timeline(events: list[dict]) -> list[tuple[str, int]]:
    """The (ACTIVE, epoch) of each span with an ACTIVE appliance, from the HA group's history."""
    changes = sorted((e for e in events if e["eventCode"] == "PrimaryChanged"), key=lambda e: e["sequence"])
    return [(e["applianceRoles"]["active"][0], e["epoch"]) for e in changes if e["applianceRoles"]["active"]]


class Heartbeater(threading.Thread):
    """Real members: every session of `groups` heartbeats every T / 4 with its score."""

    def __init__(self, baton: Baton, members: dict[str, dict[str, int]], period: float,
                 appliances: dict[str, int] | None = None):
        super().__init__(daemon=True)
        self.baton, self.members, self.period = baton, members, period
        self.appliances = appliances or {}
        self.stopped = threading.Event()
        self.errors = 0

    def beat(self, group: str, session: str, score: int) -> dict:
        return self.baton.request("POST", f"{CF}/groups/{group}/clientsessions/{session}/heartbeat",
                                  {"FailoverScore": score})

    def run(self) -> None:
        while not self.stopped.is_set():
            for group, sessions in self.members.items():
                for session, score in sessions.items():
                    try:
                        self.beat(group, session, score)
                    except Exception:  # noqa: BLE001 — counted; a lost heartbeat is a fact of life
                        self.errors += 1
            for appliance, score in self.appliances.items():
                try:
                    self.beat_appliance(appliance, score)
                except Exception:  # noqa: BLE001
                    self.errors += 1
            self.stopped.wait(self.period)

    def beat_appliance(self, appliance: str, score: int) -> dict:
        return self.baton.request("POST", f"{HCX}/appliances/{appliance}/heartbeat", {"score": score})


class ForeignSite:
    """Another site: one page on http://localhost:<port>/ (a different site from 127.0.0.1)."""

    def __init__(self):
        import http.server

        class Page(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                body = b"<!doctype html><title>elsewhere</title><p>another site</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Page)
        self.base = f"http://localhost:{port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()


def create_group(baton: Baton, group: str, sessions: list[str], timeout: str) -> None:
    baton.request("POST", f"{CF}/groups", {"Id": group, "FailoverTimeout": timeout})
    for session in sessions:
        baton.request("POST", f"{CF}/groups/{group}/clientsessions", {"Id": session, "Name": f"Adapter {session}"})


def steady(action, timeout: float = 5.0):
    """Runs a find-then-act step again if the page redrew the element in between: the member
    rows, the summary and the member pickers are redrawn from the streams at any moment."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return action()
        except StaleElementReferenceException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def click(driver, by, selector: str) -> None:
    steady(lambda: driver.find_element(by, selector).click())


def wait_for(description: str, predicate, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                log(f"ok   {description}")
                return last
        except Exception as error:  # noqa: BLE001 — the DOM may be mid-redraw
            last = error
        time.sleep(0.1)
    check(False, f"{description} (within {timeout} s; last: {last!r})")
    return None


def expected_timeline(events: list[dict], window_start_ms: float) -> list[tuple[str, int]]:
    """The (holder, epoch) of each span with a Primary in the last hour, from the API's history."""
    changes = sorted((e for e in events if e["Type"] == "PrimaryChanged"), key=lambda e: e["Sequence"])
    spans = []
    for e in changes:
        if e["To"]:
            spans.append((e["To"], e["Epoch"]))
    return spans


# The page redraws as events arrive: every read of the DOM is one script, so that it sees
# one drawing, never an element replaced between two WebDriver calls.
def attributes(driver, selector: str) -> list[dict]:
    return driver.execute_script("""
        return [...document.querySelectorAll(arguments[0])].map((e) => {
          const a = {text: e.innerText === undefined ? e.textContent : e.innerText};
          for (const n of e.getAttributeNames()) a[n] = e.getAttribute(n);
          return a;
        });""", selector)


def svg_segments(driver) -> list[tuple[str, int]]:
    return [(r["data-holder"], int(r["data-epoch"]))
            for r in sorted(attributes(driver, "#timeline svg rect.segment"), key=lambda r: float(r["data-start"]))]


def svg_starts(driver) -> list[int]:
    return sorted(int(float(r["data-start"])) for r in attributes(driver, "#timeline svg rect.segment"))


def change_times(events: list[dict]) -> list[int]:
    """When each role change happened, ms since 1970, as the history says."""
    from datetime import datetime
    return [round(datetime.fromisoformat(e["Time"].replace("Z", "+00:00")).timestamp() * 1000)
            for e in sorted(events, key=lambda e: e["Sequence"]) if e["Type"] == "PrimaryChanged" and e["To"]]


def svg_marks(driver) -> list[dict]:
    return sorted(({"epoch": int(g["data-epoch"]), "to": g["data-to"], "from": g["data-from"],
                    "reason": g["data-reason"], "principal": g["data-principal"], "sequence": int(g["data-sequence"])}
                   for g in attributes(driver, "#timeline svg g.change")),
                  key=lambda m: m["sequence"])


def text(driver, selector: str) -> str:
    found = attributes(driver, selector)
    if not found:
        raise LookupError(f"nothing matches {selector}")
    return found[0]["text"].strip()


def browser(artifacts: str):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,1000", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
            # A refused request is logged by the browser as an error: expected where tested.
            and "status of 4" not in entry["message"]]


def shot(driver, artifacts: str, name: str) -> None:
    path = os.path.join(artifacts, name)
    driver.save_screenshot(path)
    log(f"screenshot {path}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    parser.add_argument("--artifacts", required=True)
    args = parser.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="baton-browser.")
    started = time.monotonic()

    baton = Baton(args.baton, work, auth=True,
                  users=[("ui-admin", "admin-pw-1", "admin"), ("ui-reader", "reader-pw-1", "reader")])
    open_baton = Baton(args.baton, work, auth=False, users=[])
    foreign = ForeignSite()
    driver = None
    beaters: list[Heartbeater] = []
    try:
        # Two groups; line-1 elects a (it heartbeats first), then the API hands over to b.
        create_group(baton, "line-1", ["a", "b", "c"], "00:00:03")
        create_group(baton, "line-2", ["x", "y"], "00:00:03")
        beat = Heartbeater(baton, {}, 0.75)
        # Equal scores: nothing but the scenario moves the role (a higher score would preempt).
        beat.beat("line-1", "a", 80)
        beat.beat("line-2", "x", 80)
        beaters.append(Heartbeater(baton, {"line-1": {"a": 80, "b": 80, "c": 80}, "line-2": {"x": 80, "y": 80}}, 0.75))
        beaters[-1].start()
        wait_for("line-1 has a as Primary", lambda: baton.status("line-1")["Primary"] == "a")
        wait_for("every member of line-1 is live",
                 lambda: all(s["IsLive"] for s in baton.request("GET", f"{CF}/groups/line-1/clientsessions")))
        baton.request("POST", f"{CF}/groups/line-1/failover", {"TargetSessionId": "b", "Reason": "scripted by the API"})
        wait_for("the API failover makes b Primary", lambda: baton.status("line-1")["Primary"] == "b")
        # An HA group of two appliances; ha-1 heartbeats first, so it is ACTIVE.
        for appliance in ("ha-1", "ha-2"):
            baton.request("POST", f"{HCX}/appliances",
                          {"applianceId": appliance, "applianceName": f"NE {appliance}", "serviceMeshId": "mesh-1"})
        baton.request("POST", f"{HCX}/appliances/ha/groups",
                      {"groupId": "ne-1", "name": "NE 1", "appliances": ["ha-1", "ha-2"], "failoverTimeout": "00:00:03"})
        beat.beat_appliance("ha-1", 90)
        beaters.append(Heartbeater(baton, {}, 0.75, appliances={"ha-1": 90, "ha-2": 90}))
        beaters[-1].start()
        wait_for("ne-1 has ha-1 ACTIVE", lambda: ha_active(baton.ha_group("ne-1")) == "ha-1")
        wait_for("both appliances of ne-1 are live",
                 lambda: all(m["live"] for m in baton.ha_group("ne-1")["groupMembers"]))

        driver = browser(args.artifacts)
        driver.get(baton.base + "/ui")
        # 1. Sign in.
        wait_for("the sign-in form is shown", lambda: driver.find_element(By.ID, "view-login").is_displayed())
        shot(driver, args.artifacts, "1-sign-in.png")
        steady(lambda: driver.find_element(By.ID, "login-name").send_keys("ui-admin"))
        steady(lambda: driver.find_element(By.ID, "login-secret").send_keys("admin-pw-1"))
        click(driver, By.CSS_SELECTOR, "#login-form button[type=submit]")
        wait_for("signed in: the overview is shown", lambda: driver.find_element(By.ID, "view-overview").is_displayed())
        token = driver.execute_script("return sessionStorage.getItem('baton.token')")
        check(bool(token) and token.count(".") == 2, "the token is kept in sessionStorage")
        check(driver.get_cookies() == [], "no cookie is set")

        # 2. The overview shows the API's Primary and epoch for every group.
        for group in ("line-1", "line-2"):
            def row_matches(group=group):
                status = baton.status(group)
                row = f"tr[data-group='{group}']"
                return (text(driver, f"{row} td.primary") == status["Primary"]
                        and text(driver, f"{row} td.epoch") == str(status["Epoch"])) and status
            status = wait_for(f"overview row {group} shows the API's Primary and epoch", row_matches)
            if status:
                check(True, f"overview {group}: Primary {status['Primary']}, epoch {status['Epoch']}")
        wait_for("overview line-1 shows 3 / 3 members live",
                 lambda: text(driver, "tr[data-group='line-1'] td.members") == "3 / 3")
        check(text(driver, "tr[data-group='line-1'] td.health") == "Healthy", "overview line-1 is Healthy")
        check(driver.find_element(By.ID, "overview-live").get_attribute("data-state") == "live", "the overview stream is live")
        # A queued task shows as running on the overview, live, and goes when it is cancelled.
        later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
        task = baton.request("POST", f"{CF}/groups/line-2/failover", {"TargetSessionId": "y", "ScheduledTime": later})
        wait_for("the overview shows line-2's queued task",
                 lambda: task["Id"][:8] in text(driver, "tr[data-group='line-2'] td.task"))
        shot(driver, args.artifacts, "2-overview.png")
        baton.request("DELETE", f"{CF}/tasks/{task['Id']}")
        wait_for("the overview drops the cancelled task", lambda: text(driver, "tr[data-group='line-2'] td.task") == "—")

        # 3. The group page: same Primary, every member, the timeline as the history says.
        click(driver, By.LINK_TEXT, "line-1")
        wait_for("the group page shows the API's Primary",
                 lambda: text(driver, "#summary-primary") == baton.status("line-1")["Primary"] == "b")
        wait_for("the group stream is live",
                 lambda: driver.find_element(By.ID, "group-live").get_attribute("data-state") == "live")
        rows = attributes(driver, "#members-body tr")
        check(sorted(r["data-session"] for r in rows) == ["a", "b", "c"], "the members are a, b, c")
        check([r["data-role"] for r in rows if r["data-session"] == "b"] == ["Primary"], "b's row says Primary")
        leases = [int(m["data-lease-ms"]) for m in attributes(driver, "#members-body .lease")]
        check(len(leases) == 3 and all(0 < ms <= 3000 for ms in leases), f"every member has a lease bar with time left ({leases})")
        hour_ago = time.time() * 1000 - 3600_000
        expected = expected_timeline(baton.events("line-1"), hour_ago)
        wait_for(f"the timeline's segments are the history's {expected}", lambda: svg_segments(driver) == expected)
        check([m["epoch"] for m in svg_marks(driver)] == [e for _, e in expected], "one change mark per role change, with its epoch")

        # 4. A failover from the page, without a reload.
        driver.execute_script("window.__sameDocument = 'yes'")
        steady(lambda: Select(driver.find_element(By.ID, "failover-target")).select_by_value("c"))
        steady(lambda: driver.find_element(By.ID, "failover-reason").send_keys("moved from the browser"))
        click(driver, By.CSS_SELECTOR, "#failover-form button[type=submit]")
        status = wait_for("the API reports c as Primary after the page's failover",
                          lambda: (lambda s: s if s["Primary"] == "c" else None)(baton.status("line-1")))
        if status:
            epoch = status["Epoch"]
            wait_for(f"the page shows c as Primary with epoch {epoch}",
                     lambda: text(driver, "#summary-primary") == "c" and text(driver, "#summary-epoch") == str(epoch))
            mark = wait_for(f"the timeline marks the change to c with epoch {epoch}",
                            lambda: [m for m in svg_marks(driver) if m["to"] == "c" and m["epoch"] == epoch])
            events = baton.events("line-1")
            change = [e for e in events if e["Type"] == "PrimaryChanged" and e["To"] == "c"][-1]
            if mark:
                check(mark[0]["principal"] == change["Principal"] == "user:ui-admin",
                      f"the mark says who asked ({mark[0]['principal']!r}, API {change['Principal']!r})")
                check(mark[0]["reason"] == change["Reason"], f"the mark has the change's reason ({mark[0]['reason']!r})")
            expected = expected_timeline(events, hour_ago)
            check(len(expected) == 3 and [e for _, e in expected] == sorted({e for _, e in expected}),
                  f"scripted scenario: three spans with rising epochs {expected}")
            wait_for(f"the timeline's segments are the history's {expected}", lambda: svg_segments(driver) == expected)
            check([m["epoch"] for m in svg_marks(driver)] == [e for _, e in expected], "change marks and epochs match the history")
            starts, times = svg_starts(driver), change_times(events)
            check(len(starts) == len(times) and all(abs(a - b) <= 1 for a, b in zip(starts[1:], times[1:])), f"each segment after the first starts at its change's time ({starts} vs {times})")
            check(driver.execute_script("return window.__sameDocument") == "yes", "no reload happened")
            wait_for("the page's task is listed as SUCCESS with its steps",
                     lambda: driver.execute_script("""
                        return [...document.querySelectorAll("#tasks li.task[data-status='SUCCESS']")]
                          .some((li) => li.innerText.includes('moved from the browser')
                            && li.querySelectorAll(".steps li[data-status='SUCCESS']").length >= 3);"""))
            wait_for("the history table's newest row is the task's success",
                     lambda: "FailoverSucceeded" in text(driver, "#history-body tr"))
        # The group page as the README shows it: the last minute, from the top.
        steady(lambda: Select(driver.find_element(By.ID, "timeline-window")).select_by_value("60000"))
        check(svg_segments(driver) == expected, "the 1-minute timeline has the same segments")
        driver.set_window_size(1100, 1350)
        driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
        time.sleep(1.2)  # a lease bar or two moves: the screenshot shows them part full
        shot(driver, args.artifacts, "3-group.png")
        driver.set_window_size(1280, 1000)
        steady(lambda: Select(driver.find_element(By.ID, "timeline-window")).select_by_value("3600000"))

        # 5. Pause and resume from the page; paging.
        steady(lambda: driver.find_element(By.ID, "pause-reason").send_keys("maintenance window"))
        click(driver, By.ID, "pause-button")
        wait_for("the API reports the group paused", lambda: baton.status("line-1")["Paused"] is True)
        wait_for("the page shows it paused", lambda: text(driver, "#summary-paused").startswith("Yes"))
        check(text(driver, "#pause-button") == "Resume the group", "the pause button now resumes")
        click(driver, By.ID, "pause-button")
        wait_for("the API reports the group running", lambda: baton.status("line-1")["Paused"] is False)
        # Drain and undrain a member from its row; an override from the form.
        def override_of(session):
            return baton.request("GET", f"{CF}/groups/line-1/clientsessions/{session}")["RoleOverride"]
        click(driver, By.CSS_SELECTOR, "#members-body button[data-session='a'][data-action='drain']")
        wait_for("Drain on a's row sets its override to Secondary (2)", lambda: override_of("a") == 2)
        wait_for("a's row offers Undrain",
                 lambda: attributes(driver, "#members-body button[data-session='a']")[0]["data-action"] == "undrain")
        click(driver, By.CSS_SELECTOR, "#members-body button[data-session='a'][data-action='undrain']")
        wait_for("Undrain clears it (0)", lambda: override_of("a") == 0)
        steady(lambda: Select(driver.find_element(By.ID, "override-session")).select_by_value("b"))
        steady(lambda: Select(driver.find_element(By.ID, "override-value")).select_by_value("Secondary"))
        steady(lambda: driver.find_element(By.ID, "override-period").send_keys("00:10:00"))
        click(driver, By.CSS_SELECTOR, "#override-form button[type=submit]")
        wait_for("the override form drains b for ten minutes",
                 lambda: (lambda s: s["RoleOverride"] == 2 and s["RoleOverrideExpirationTime"])(
                     baton.request("GET", f"{CF}/groups/line-1/clientsessions/b")))
        wait_for("b's row shows the override", lambda: "Secondary" in text(driver, "#members-body tr[data-session='b'] td.override"))
        steady(lambda: Select(driver.find_element(By.ID, "override-value")).select_by_value("Off"))
        driver.find_element(By.ID, "override-period").clear()
        click(driver, By.CSS_SELECTOR, "#override-form button[type=submit]")
        wait_for("the override form clears it", lambda: override_of("b") == 0)
        for i in range(4):
            baton.request("POST", f"{CF}/groups/line-1/pause", {"Reason": f"paging {i}"})
            baton.request("POST", f"{CF}/groups/line-1/resume", {})
        _, headers = baton.request("GET", f"{CF}/groups/line-1/events?count=1", want_headers=True)
        total = int(headers["Total-Count"])
        check(total > 20, f"the history has more than one page ({total} events)")
        wait_for(f"the history shows all {total} events, live",
                 lambda: text(driver, "#history-page").endswith(f"({total} events)"))
        newest = attributes(driver, "#history-body tr")[0]["data-sequence"]
        check(newest == str(total), f"page 1 starts with the newest event ({newest})")
        click(driver, By.ID, "history-older")
        wait_for("page 2 starts 20 events back",
                 lambda: attributes(driver, "#history-body tr")[0]["data-sequence"] == str(total - 20))

        # 6. Accessibility basics and no console errors.
        unlabelled = driver.execute_script("""
            return [...document.querySelectorAll('input, select, textarea')]
              .filter((e) => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
              .map((e) => e.id || e.name);""")
        check(unlabelled == [], f"every form control has a label ({unlabelled})")
        landmarks = driver.execute_script("""
            return ['header', 'nav', 'main', 'footer'].filter((t) => document.querySelector(t))
              .concat(document.documentElement.lang ? ['lang'] : []);""")
        check(landmarks == ["header", "nav", "main", "footer", "lang"], f"landmarks and language ({landmarks})")
        low_contrast = driver.execute_script(CONTRAST_SCRIPT)
        check(low_contrast == [], f"every visible text meets WCAG AA contrast (4.5:1, 3:1 large): {low_contrast[:8]}")
        positive = driver.execute_script("return [...document.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).length")
        check(positive == 0, "no positive tabindex (keyboard order is the document's)")
        # The keyboard reaches the failover button: tab through the page.
        driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
        reached = False
        for _ in range(60):
            ActionChains(driver).send_keys(Keys.TAB).perform()
            if driver.execute_script("return document.activeElement.closest('#failover-form') !== null "
                                     "&& document.activeElement.type === 'submit'"):
                reached = True
                break
        check(reached, "the failover button is reachable with the Tab key")
        errors = console_errors(driver)
        check(errors == [], f"no console errors (CSP violations included): {errors}")
        driver.set_window_size(390, 844)
        time.sleep(0.3)
        shot(driver, args.artifacts, "4-group-phone.png")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(overflow <= 0, f"the phone layout has no horizontal page scroll ({overflow} px)")
        driver.set_window_size(1280, 1000)

        # 6. An HA group (HCX): the overview, its page, a force failover from the page.
        driver.execute_script("location.hash = '#/'")
        def ha_row_matches():
            group = baton.ha_group("ne-1")
            row = "tr[data-ha-group='ne-1']"
            return (text(driver, f"{row} td.primary") == ha_active(group)
                    and text(driver, f"{row} td.epoch") == str(group["epoch"])) and group
        group = wait_for("the overview's HA row shows the API's ACTIVE appliance and epoch", ha_row_matches)
        if group:
            check(ha_active(group) == "ha-1", f"overview ne-1: ACTIVE {ha_active(group)}, epoch {group['epoch']}")
        wait_for("overview ne-1 shows 2 / 2 appliances live",
                 lambda: text(driver, "tr[data-ha-group='ne-1'] td.members") == "2 / 2")
        check(text(driver, "tr[data-ha-group='ne-1'] td.health") == "Healthy", "overview ne-1 is Healthy")
        check(driver.find_element(By.ID, "ha-live").get_attribute("data-state") == "live", "the HA overview stream is live")
        shot(driver, args.artifacts, "5-overview-ha.png")
        click(driver, By.LINK_TEXT, "ne-1")
        wait_for("the HA group page shows the API's ACTIVE appliance",
                 lambda: text(driver, "#summary-primary") == ha_active(baton.ha_group("ne-1")) == "ha-1")
        wait_for("the HA group stream is live",
                 lambda: driver.find_element(By.ID, "group-live").get_attribute("data-state") == "live")
        rows = attributes(driver, "#members-body tr")
        check(sorted(r["data-session"] for r in rows) == ["ha-1", "ha-2"], "the appliances are ha-1, ha-2")
        check([r["data-role"] for r in rows if r["data-session"] == "ha-1"] == ["Primary"]
              and text(driver, "#members-body tr[data-session='ha-1'] td.role") == "ACTIVE", "ha-1's row says ACTIVE")
        leases = [int(m["data-lease-ms"]) for m in attributes(driver, "#members-body .lease")]
        check(len(leases) == 2 and all(0 < ms <= 3000 for ms in leases), f"every appliance has a lease bar with time left ({leases})")
        expected = ha_timeline(baton.ha_events("ne-1"))
        wait_for(f"the HA timeline's segments are the history's {expected}", lambda: svg_segments(driver) == expected)
        driver.execute_script("window.__sameDocument = 'ha'")
        check(not driver.find_element(By.ID, "failover-target").is_displayed(), "a force failover asks for no target")
        click(driver, By.CSS_SELECTOR, "#failover-form button[type=submit]")
        group = wait_for("the API reports ha-2 ACTIVE after the page's force failover",
                         lambda: (lambda g: g if ha_active(g) == "ha-2" else None)(baton.ha_group("ne-1")))
        if group:
            epoch = group["epoch"]
            wait_for(f"the page shows ha-2 ACTIVE with epoch {epoch}",
                     lambda: text(driver, "#summary-primary") == "ha-2" and text(driver, "#summary-epoch") == str(epoch))
            mark = wait_for(f"the timeline marks the change to ha-2 with epoch {epoch}",
                            lambda: [m for m in svg_marks(driver) if m["to"] == "ha-2" and m["epoch"] == epoch])
            events = baton.ha_events("ne-1")
            change = [e for e in events if e["eventCode"] == "PrimaryChanged" and e["applianceRoles"]["active"] == ["ha-2"]][-1]
            if mark:
                check(mark[0]["principal"] == change["principal"] == "user:ui-admin",
                      f"the mark says who asked ({mark[0]['principal']!r}, API {change['principal']!r})")
                check(mark[0]["reason"] == change["reason"], f"the mark has the change's reason ({mark[0]['reason']!r})")
                check(mark[0]["from"] == "ha-1", f"the mark says the role left ha-1 ({mark[0]['from']!r})")
            expected = ha_timeline(events)
            check(len(expected) == 2 and expected[1] == ("ha-2", epoch), f"two spans, the second ha-2's with epoch {epoch}: {expected}")
            wait_for(f"the HA timeline's segments are the history's {expected}", lambda: svg_segments(driver) == expected)
            check(driver.execute_script("return window.__sameDocument") == "ha", "no reload happened")
            wait_for("the force failover task is listed as SUCCESS with its steps",
                     lambda: driver.execute_script("""
                        return [...document.querySelectorAll("#tasks li.task[data-status='SUCCESS']")]
                          .some((li) => li.innerText.includes('ha-2')
                            && li.querySelectorAll(".steps li[data-status='SUCCESS']").length >= 3);"""))
            wait_for("the HA history's newest row is the task's success",
                     lambda: "FailoverSucceeded" in text(driver, "#history-body tr"))
        # Pause and resume, drain and undrain, from the HA page.
        steady(lambda: driver.find_element(By.ID, "pause-reason").send_keys("HA window"))
        click(driver, By.ID, "pause-button")
        wait_for("the API reports the HA group paused",
                 lambda: (baton.ha_group("ne-1")["pause"] or {}).get("reason") == "HA window")
        wait_for("the HA page shows it paused", lambda: text(driver, "#summary-paused").startswith("Yes"))
        click(driver, By.ID, "pause-button")
        wait_for("the API reports the HA group running", lambda: baton.ha_group("ne-1")["pause"] is None)
        click(driver, By.CSS_SELECTOR, "#members-body button[data-session='ha-1'][data-action='drain']")
        wait_for("Drain on ha-1's row sets its override to STANDBY",
                 lambda: ha_member(baton.ha_group("ne-1"), "ha-1")["roleOverride"] == "STANDBY")
        wait_for("ha-1's row offers Undrain",
                 lambda: attributes(driver, "#members-body button[data-session='ha-1']")[0]["data-action"] == "undrain")
        click(driver, By.CSS_SELECTOR, "#members-body button[data-session='ha-1'][data-action='undrain']")
        wait_for("Undrain clears it", lambda: ha_member(baton.ha_group("ne-1"), "ha-1")["roleOverride"] == "OFF")
        unlabelled = driver.execute_script("""
            return [...document.querySelectorAll('input, select, textarea')]
              .filter((e) => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
              .map((e) => e.id || e.name);""")
        check(unlabelled == [], f"every form control of the HA page has a label ({unlabelled})")
        low_contrast = driver.execute_script(CONTRAST_SCRIPT)
        check(low_contrast == [], f"every visible text of the HA page meets WCAG AA contrast: {low_contrast[:8]}")
        errors = console_errors(driver)
        check(errors == [], f"no console errors on the HA pages: {errors}")
        shot(driver, args.artifacts, "6-ha-group.png")
        driver.execute_script("location.hash = '#/group/line-1'")
        wait_for("back on line-1's page", lambda: text(driver, "#summary-primary") == baton.status("line-1")["Primary"])

        # A reader sees everything but no actions.
        click(driver, By.ID, "logout")
        wait_for("signed out", lambda: driver.find_element(By.ID, "view-login").is_displayed())
        check(driver.execute_script("return sessionStorage.getItem('baton.token')") is None, "signing out forgets the token")
        driver.find_element(By.ID, "login-name").clear()
        steady(lambda: driver.find_element(By.ID, "login-name").send_keys("ui-reader"))
        steady(lambda: driver.find_element(By.ID, "login-secret").send_keys("reader-pw-1"))
        click(driver, By.CSS_SELECTOR, "#login-form button[type=submit]")
        wait_for("the reader sees the group page",
                 lambda: text(driver, "#summary-primary") == baton.status("line-1")["Primary"])
        check(not driver.find_element(By.ID, "actions").is_displayed(), "a reader sees no actions")

        # 7. Authentication off: no sign-in; another origin cannot pause, the dashboard can.
        create_group(open_baton, "open-1", ["p", "q"], "00:00:03")
        beaters.append(Heartbeater(open_baton, {"open-1": {"p": 80, "q": 80}}, 0.75))
        beaters[-1].start()
        driver.get(open_baton.base + "/ui")
        wait_for("with authentication off the overview needs no sign-in",
                 lambda: text(driver, "tr[data-group='open-1'] td.primary") == open_baton.status("open-1")["Primary"])
        # A page of another site (served from localhost, the server is 127.0.0.1) posts as a
        # plain form would: no preflight, so without the server's refusal it would pause.
        driver.get(foreign.base + "/")
        outcome = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], {method: 'POST', mode: 'no-cors', body: '{"Reason":"forged"}',
                                 headers: {'Content-Type': 'text/plain'}})
              .then(() => done('sent'), (e) => done('error ' + e));""",
            open_baton.base + f"{CF}/groups/open-1/pause")
        time.sleep(0.3)
        check(outcome == "sent" and open_baton.status("open-1")["Paused"] is False,
              f"a cross-site POST does not pause the group ({outcome})")
        if open_baton.status("open-1")["Paused"]:  # the check above failed: start the next one afresh
            open_baton.request("POST", f"{CF}/groups/open-1/resume", {})
        driver.get(open_baton.base + "/ui#/group/open-1")
        wait_for("the open group's page", lambda: text(driver, "#summary-primary") == open_baton.status("open-1")["Primary"])
        click(driver, By.ID, "pause-button")
        wait_for("the dashboard's own pause works", lambda: open_baton.status("open-1")["Paused"] is True)
    except Exception as error:  # noqa: BLE001
        check(False, f"the run ended with {type(error).__name__}: {error}")
        log("where: " + " <- ".join(f"line {frame.lineno} ({frame.name})" for frame in reversed(traceback.extract_tb(error.__traceback__))))
        if driver:
            try:
                shot(driver, args.artifacts, "failure.png")
            except Exception:  # noqa: BLE001
                pass
    finally:
        for b in beaters:
            b.stopped.set()
        if driver:
            driver.quit()
        baton.stop()
        open_baton.stop()
        foreign.stop()
        if failures:
            for path in (baton.log_path, open_baton.log_path):
                log(f"server log {path} (tail):\n{open(path).read()[-1500:]}")
        shutil.rmtree(work, ignore_errors=True)

    log(f"{len(failures)} failure(s) in {time.monotonic() - started:.0f} s; screenshots in {args.artifacts}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
