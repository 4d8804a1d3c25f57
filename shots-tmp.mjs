import { chromium } from "playwright-core";
const url = "http://localhost:4555";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(url + "/login");
await page.getByTestId("login-email").fill("o@example.com");
await page.getByTestId("login-password").fill("correct horse battery staple");
await page.getByTestId("login-submit").click();
await page.waitForURL(url + "/");
if (false) {
await page.getByTestId("setup-email").fill("o@example.com");
await page.getByTestId("setup-name").fill("Olive");
await page.getByTestId("setup-password").fill("correct horse battery staple");
await page.getByTestId("setup-workspace").fill("Olive Co");
await page.getByTestId("setup-submit").click();
await page.waitForURL(url + "/", { timeout: 120000 });
}
await page.getByTestId("workspace-switcher").click();
const items = await page.getByRole("menuitemradio").allTextContents();
console.log(items);
await page.getByRole("menuitemradio").filter({ hasText: /demo|Hal|Studio/i }).first().click();
await page.waitForTimeout(1500);
await page.goto(url + "/health");
await page.waitForTimeout(1500);
await page.getByText("Acme storefront").first().click();
await page.waitForTimeout(2500);
await page.screenshot({ path: "/tmp/shots/check-detail.png" });
console.log(page.url());
await page.goto(url + "/health/incidents");
await page.waitForTimeout(1500);
await page.getByText("Storefront slow").first().click();
await page.waitForTimeout(2500);
await page.screenshot({ path: "/tmp/shots/incident-detail.png", fullPage: true });
console.log(page.url());
for (const p of process.argv.slice(2)) {
  await page.goto(url + p);
  await page.waitForTimeout(2500);
  const name = p.replaceAll("/", "_") || "home";
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: false });
  console.log("shot", p);
}
await browser.close();
