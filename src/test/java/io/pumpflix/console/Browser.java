package io.pumpflix.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium, headless, with a fresh profile and no traffic of its own (no background
 * networking, component updates, sync; every host name but localhost resolves to nothing), driven
 * through Debian's chromedriver. Without the browser the suite fails and says what to install.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        Path chromium = Path.of(System.getProperty("pumpflix.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("pumpflix.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("The browser suite needs Chromium and its driver: "
                    + "apt-get install chromium chromium-driver (or pass -Dpumpflix.chromium=... -Dpumpflix.chromedriver=...)."
                    + " Looked for " + chromium + " and " + chromedriver + ".");
        }
        Path profile = Files.createTempDirectory("pumpflix-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-default-apps", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                "--no-pings", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    void width(int width) {
        driver.manage().window().setSize(new Dimension(width, width < 600 ? 844 : 900));
    }

    WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves what the browser shows as target/screenshots/{name}.png. */
    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Problems a keyboard or screen-reader user would meet on the current page: form controls
     * without a label, images without a name, and text whose contrast with its background is below
     * WCAG AA (4.5:1; 3:1 for large text).
     */
    @SuppressWarnings("unchecked")
    List<String> accessibilityProblems() {
        return (List<String>) script("""
                const problems = [];
                for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
                  const labelled = (c.id && document.querySelector('label[for="' + c.id + '"]')) || c.closest('label')
                      || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby');
                  if (!labelled) problems.push('unlabelled ' + c.tagName + ' ' + (c.name || ''));
                }
                for (const s of document.querySelectorAll('svg[role=img]')) {
                  if (!s.getAttribute('aria-label') && !s.getAttribute('aria-labelledby')) problems.push('svg without a name');
                }
                function rgb(v) { const m = v.match(/[\\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; }
                function lum(c) { const a = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                  return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2]; }
                function background(el) {
                  for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length < 4 || c[3] > 0) return c; }
                  return [255, 255, 255];
                }
                for (const el of document.querySelectorAll('body *')) {
                  if (!Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
                  const style = getComputedStyle(el);
                  if (style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0) continue;
                  const fg = rgb(style.color), bg = background(el);
                  const l1 = lum(fg), l2 = lum(bg);
                  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                  const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
                  if (ratio < (large ? 3 : 4.5)) problems.push('contrast ' + ratio.toFixed(2) + ' of "' + el.textContent.trim().slice(0, 30) + '"');
                }
                return problems;""");
    }

    /**
     * The current page's timing and weight: when its document became interactive (ms after the
     * navigation started), and the bytes of the document and everything it loaded, without and
     * with the chart library.
     */
    @SuppressWarnings("unchecked")
    Map<String, Number> pageTiming() {
        return (Map<String, Number>) script("""
                const n = performance.getEntriesByType('navigation')[0];
                let bytes = n.decodedBodySize, chart = 0;
                for (const r of performance.getEntriesByType('resource')) {
                  if (r.name.includes('/webjars/uplot/')) chart += r.decodedBodySize; else bytes += r.decodedBodySize;
                }
                return {interactive: n.domInteractive, loaded: n.loadEventEnd, bytes: bytes, chartBytes: chart};""");
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
