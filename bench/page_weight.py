"""Page weight of the coordinator's pages: the HTML and every asset it references, raw and gzip-compressed.

Usage (a server with the demo loaded, e.g. `make run`, or `manage.py seed_demo` + `runserver`):

    .venv/bin/python bench/page_weight.py [BASE_URL] [--user coord.piura] [--password cee-demo-2026]

Signs in like a browser (login form, CSRF cookie, session cookie) with the standard library only, then
fetches the caseload (home) and the visit form of one of the caseload's schools, and every stylesheet,
script, image and icon they reference (and any url() inside the stylesheets). For each it reports the
raw bytes, the bytes gzip-compressed locally at level 6 (what a compressing proxy or WhiteNoise's
compressed files would send) and the Content-Encoding the server itself sent. The issue's budget is
200 KB compressed for the visit form, assets included.
"""

import argparse
import gzip
import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser

BUDGET_BYTES = 200 * 1000  # "under 200 KB compressed"


@dataclass
class Resource:
    url: str
    kind: str
    raw: int
    gzip6: int
    server_encoding: str
    status: int


class AssetParser(HTMLParser):
    """Collects what a browser would fetch to render the page, and the page's links."""

    def __init__(self):
        super().__init__()
        self.assets: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.csrf = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and ({"stylesheet", "icon", "preload", "modulepreload"} & set(rel)):
            self.assets.append(("css" if "stylesheet" in rel else "link", a["href"]))
        elif tag == "script" and a.get("src"):
            self.assets.append(("js", a["src"]))
        elif tag in ("img", "source") and (a.get("src") or a.get("srcset")):
            self.assets.append(("img", a.get("src") or a["srcset"].split()[0]))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "input" and a.get("name") == "csrfmiddlewaretoken":
            self.csrf = a.get("value", "")


class Browser:
    def __init__(self, base_url: str):
        if urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
            sys.exit(f"{base_url}: give an http:// or https:// address")
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), urllib.request.HTTPRedirectHandler()
        )

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url + "/", path)

    def fetch(self, url: str, data: dict | None = None, referer: str | None = None):
        """(status, body decoded, Content-Encoding sent, final url). Asks for gzip, as every browser does."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Accept-Encoding": "gzip", "User-Agent": "cee-bench"}
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 (scheme checked above)
        if referer:
            request.add_header("Referer", referer)
        try:
            response = self.opener.open(request, timeout=30)  # same host as base_url, or an asset of it
        except urllib.error.HTTPError as error:
            response = error
        raw = response.read()
        encoding = response.headers.get("Content-Encoding", "") or ""
        if encoding == "gzip":
            raw = gzip.decompress(raw)
        return response.status, raw, encoding, response.geturl()

    def sign_in(self, username: str, password: str) -> None:
        login_url = self.url("/cuenta/ingresar/")
        _, html, _, _ = self.fetch(login_url)
        parser = AssetParser()
        parser.feed(html.decode())
        status, _, _, final = self.fetch(
            login_url,
            {"username": username, "password": password, "csrfmiddlewaretoken": parser.csrf},
            referer=login_url,
        )
        if "/cuenta/ingresar/" in final:
            sys.exit(f"could not sign in as {username} (status {status}): is the demo loaded?")


def _measure(browser: Browser, url: str, kind: str, body: bytes | None = None, status=200, encoding=""):
    if body is None:
        status, body, encoding, _ = browser.fetch(url)
    return Resource(url, kind, len(body), len(gzip.compress(body, compresslevel=6)), encoding or "none", status)


def page_weight(browser: Browser, path: str) -> tuple[list[Resource], AssetParser]:
    url = browser.url(path)
    status, html, encoding, _ = browser.fetch(url)
    if status != 200:
        sys.exit(f"{path} answered {status}")
    parser = AssetParser()
    parser.feed(html.decode())
    resources = [_measure(browser, url, "html", html, status, encoding)]
    seen = {url}
    queue = [(kind, browser.url(href)) for kind, href in parser.assets]
    while queue:
        kind, asset_url = queue.pop(0)
        if asset_url in seen or asset_url.startswith("data:"):
            continue
        seen.add(asset_url)
        status, body, encoding, _ = browser.fetch(asset_url)
        resources.append(_measure(browser, asset_url, kind, body, status, encoding))
        if kind == "css":
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", body.decode(errors="replace")):
                if not ref.startswith(("data:", "#")):
                    queue.append(("css-url", urllib.parse.urljoin(asset_url, ref)))
    # Every browser also asks for /favicon.ico when the page declares no icon.
    if not any(kind == "link" for kind, _ in parser.assets):
        resources.append(_measure(browser, browser.url("/favicon.ico"), "favicon (implicit)"))
    return resources, parser


def report(title: str, path: str, resources: list[Resource]) -> str:
    lines = [
        f"**{title}** (`{path}`)",
        "",
        "| Resource | Type | HTTP | Raw bytes | gzip -6 bytes | Server sent Content-Encoding |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in resources:
        shown = urllib.parse.urlsplit(r.url).path
        lines.append(f"| `{shown}` | {r.kind} | {r.status} | {r.raw:,} | {r.gzip6:,} | {r.server_encoding} |")
    raw = sum(r.raw for r in resources)
    packed = sum(r.gzip6 for r in resources)
    verdict = "under" if packed < BUDGET_BYTES else "OVER"
    lines.append(f"| **Total** | | | **{raw:,}** | **{packed:,}** | |")
    lines.append("")
    lines.append(
        f"Total compressed: {packed / 1000:.1f} KB ({packed / 1024:.1f} KiB), {verdict} the 200 KB budget; "
        f"uncompressed {raw / 1000:.1f} KB."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="coord.piura")
    parser.add_argument("--password", default="cee-demo-2026")
    args = parser.parse_args()

    browser = Browser(args.base_url)
    browser.sign_in(args.user, args.password)
    home, home_page = page_weight(browser, "/")
    schools = [m.group(1) for link in home_page.links if (m := re.fullmatch(r"/redes/instituciones/(\d+)/", link))]
    if not schools:
        sys.exit("the caseload lists no school: is the demo loaded and is the user a coordinator?")
    form_path = f"/redes/visitas/nueva/?school={schools[0]}"
    form, _ = page_weight(browser, form_path)
    print(f"Signed in as {args.user} on {args.base_url}\n")
    print(report("Visit form", form_path, form))
    print()
    print(report("Caseload (home)", "/", home))


if __name__ == "__main__":
    main()
