// Browser test of the admin console (run by tools/browsertest/run.sh):
// headless Chromium through puppeteer-core against a running stack. It
// logs in, creates a company and a user, creates a ticket and moves it two
// workflow steps with the buttons, edits a campaign, sees the usage chart
// and the budget, and survives an expired access token (refresh on 401).
// Every step leaves a screenshot in ARTIFACTS; the last line is
// "browser: N passed, N failed".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const base = process.env.BASE_URL || 'http://127.0.0.1:8080';
const email = process.env.ADMIN_EMAIL || 'admin@copydesk.local';
const password = process.env.ADMIN_PASSWORD;
const artifacts = process.env.ARTIFACTS || 'artifacts';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const stepTimeout = Number(process.env.STEP_TIMEOUT_MS || 30000);
if (!password) throw new Error('ADMIN_PASSWORD is required');
mkdirSync(artifacts, { recursive: true });

const run = Date.now().toString(36);
const company = `Acme ${run}`;
const userEmail = `writer-${run}@acme.test`;
const ticketTitle = `Launch post ${run}`;
const campaignName = `Spring ${run}`;

let passed = 0;
let failed = 0;
let n = 0;
const consoleErrors = [];

const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=en-US'],
});
const page = await browser.newPage();
page.setDefaultTimeout(stepTimeout);
await page.setViewport({ width: 1440, height: 960 });
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

async function shot(name) {
  const file = join(artifacts, `${String(++n).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
  return file;
}

// step runs one user-visible check; a failure ends the run (later steps
// build on earlier ones) after a screenshot of what the page showed.
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    const file = await shot(name);
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms) ${file}`);
  } catch (e) {
    const file = await shot(`${name}-FAILED`);
    failed++;
    console.log(`FAIL ${name}: ${e.message}\n     screenshot: ${file}`);
    if (consoleErrors.length) console.log(`     browser console errors:\n       ${consoleErrors.slice(-5).join('\n       ')}`);
    throw e;
  }
}

const go = (hash) => page.goto(`${base}/admin/#${hash}`, { waitUntil: 'domcontentloaded' });
const seeText = (text) =>
  page.waitForFunction((t) => document.body && document.body.innerText.includes(t), {}, text)
    .catch(() => { throw new Error(`text not shown: ${JSON.stringify(text)}`); });
const hashId = async (resource) => {
  await page.waitForFunction((r) => new RegExp(`#/${r}/[0-9a-f]{24}/show`).test(location.hash), {}, resource);
  return page.evaluate((r) => location.hash.match(new RegExp(`#/${r}/([0-9a-f]{24})`))[1], resource);
};
async function typeInto(selector, text) {
  const el = await page.waitForSelector(selector, { visible: true });
  await el.click({ clickCount: 3 });
  await page.keyboard.press('Backspace');
  await el.type(text);
}
// choose picks an option of a react-admin SelectInput (a MUI select). The
// options may still be arriving, so the option element itself is clicked
// (not the point under the mouse) and the chosen value is checked.
async function choose(source, value) {
  const input = await page.waitForSelector(`input[name="${source}"]`);
  const combo = (await input.evaluateHandle((el) => el.parentElement.querySelector('[role="combobox"]'))).asElement();
  if (!combo) throw new Error(`no select for ${source}`);
  await combo.click();
  const opt = await page.waitForSelector(`li[role="option"][data-value="${value}"]`, { visible: true });
  await opt.evaluate((el) => el.click());
  await page.waitForSelector('li[role="option"]', { hidden: true });
  await page.waitForFunction((el, v) => el.value === v, {}, input, value)
    .catch(() => { throw new Error(`${source} is not ${value}`); });
}
async function save() {
  await page.click('button[type="submit"][aria-label="Save"], form button[type="submit"]');
}
async function apiToken() {
  const res = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: email, password }),
  });
  if (!res.ok) throw new Error(`login through the API: ${res.status}`);
  return (await res.json()).access_token;
}

let companyId;
let ticketId;
try {
  await step('login-form', async () => {
    await page.goto(`${base}/admin/`, { waitUntil: 'domcontentloaded' });
    await typeInto('input[name="username"]', email);
    await typeInto('input[name="password"]', password);
  });

  await step('login', async () => {
    await page.click('button[type="submit"]');
    await seeText('Companies');
    await seeText('LLM usage');
  });

  await step('company-created', async () => {
    await go('/companies/create');
    await typeInto('input[name="name"]', company);
    await typeInto('textarea[name="description"], input[name="description"]', 'A company made by the browser test');
    await save();
    companyId = await hashId('companies');
    await seeText(company);
  });

  await step('companies-list', async () => {
    await go('/companies');
    await seeText(company);
  });

  await step('user-created', async () => {
    await go('/users/create');
    await typeInto('input[name="email"]', userEmail);
    await typeInto('input[name="full_name"]', 'Wendy Writer');
    await typeInto('input[name="password"]', 'correct-horse-battery');
    await choose('company_id', companyId);
    await save();
    await hashId('users');
    await seeText(userEmail);
    await seeText(company); // the user's company, shown by name
  });

  let campaignId;
  await step('campaign-created', async () => {
    await go('/campaigns/create');
    await typeInto('input[name="name"]', campaignName);
    await typeInto('input[name="goal"]', 'Sell boots');
    await choose('company_id', companyId);
    await save();
    campaignId = await hashId('campaigns');
    await seeText(campaignName);
    await page.waitForSelector('[data-testid="campaign-summary"]', { visible: true });
  });

  await step('ticket-created', async () => {
    await go('/tickets/create');
    await typeInto('input[name="title"]', ticketTitle);
    await typeInto('textarea[name="description"], input[name="description"]', 'Announce the spring range.');
    await choose('priority', 'high');
    await choose('campaign_id', campaignId);
    await choose('company_id', companyId);
    await save();
    ticketId = await hashId('tickets');
    await seeText(ticketTitle);
    await seeText(campaignName);
    await page.waitForSelector('button[data-step="in_progress"]', { visible: true });
  });

  await step('ticket-in-progress', async () => {
    await page.click('button[data-step="in_progress"]');
    await page.waitForSelector('button[data-step="in_review"]', { visible: true });
    await seeText('Moved to in progress');
  });

  await step('ticket-in-review', async () => {
    await page.click('button[data-step="in_review"]');
    await page.waitForSelector('button[data-step="approved"]', { visible: true });
    await page.waitForSelector('button[data-step="changes_requested"]', { visible: true });
    await seeText('in_review');
  });

  await step('ticket-comment', async () => {
    await go(`/tickets/${ticketId}/show/comments`);
    await typeInto('textarea#new-comment', 'Looks good so far');
    await page.click('button[aria-label="Comment"]');
    await page.waitForFunction(() => [...document.querySelectorAll('td')].some((td) => td.innerText === 'Looks good so far'));
  });

  await step('ticket-history', async () => {
    await go(`/tickets/${ticketId}/show/history`);
    await page.waitForFunction(
      () => [...document.querySelectorAll('tr')].filter((tr) => tr.innerText.includes('status_changed')).length >= 2,
    ).catch(() => { throw new Error('two status_changed rows not shown in the history'); });
    await seeText('in_review');
  });

  await step('tickets-list', async () => {
    await go('/tickets');
    await seeText(ticketTitle);
    await seeText('in_review');
    // The search filter narrows the list to this run's ticket.
    await typeInto('input[name="q"]', ticketTitle);
    await page.waitForFunction((t) => {
      const rows = [...document.querySelectorAll('tbody tr')];
      return rows.length === 1 && rows[0].innerText.includes(t) && location.hash.includes('filter=');
    }, {}, ticketTitle).catch(() => { throw new Error('the search filter did not narrow the list to one ticket'); });
  });

  await step('campaign-edit-form', async () => {
    await go(`/campaigns/${campaignId}`);
    const goal = await page.waitForSelector('input[name="goal"]', { visible: true });
    await page.waitForFunction((el) => el.value === 'Sell boots', {}, goal);
    await typeInto('input[name="goal"]', 'Sell 500 pairs of boots');
    await typeInto('input[name="audience"]', 'Hikers');
  });

  await step('campaign-edited', async () => {
    await save();
    await hashId('campaigns');
    await seeText('Sell 500 pairs of boots');
    await seeText('Hikers');
    // The summary counts the ticket moved above.
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="campaign-summary"]');
      return el && el.innerText.includes('in review 1');
    }).catch(() => { throw new Error('the campaign summary does not count the ticket in review'); });
    // The stored record changed, not only the page.
    const token = await apiToken();
    const res = await fetch(`${base}/api/campaigns/${campaignId}`, { headers: { Authorization: `Bearer ${token}` } });
    const c = await res.json();
    if (c.goal !== 'Sell 500 pairs of boots' || c.audience !== 'Hikers' || c.version !== 2) {
      throw new Error(`stored campaign: ${JSON.stringify(c)}`);
    }
  });

  await step('llm-usage-chart', async () => {
    const token = await apiToken();
    for (const prompt of ['A tagline for boots', 'A headline for the spring range']) {
      const res = await fetch(`${base}/api/llm/completion`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ prompt }),
      });
      if (!res.ok) throw new Error(`completion: ${res.status} ${await res.text()}`);
    }
    await go('/llm/usage');
    await seeText('Daily cost by model');
    await page.waitForSelector('[data-testid="usage-chart"] .recharts-bar-rectangle path, [data-testid="usage-chart"] .recharts-rectangle',
      { visible: true }).catch(() => { throw new Error('no bar drawn in the usage chart'); });
    await seeText('offline-1');
    const total = await page.$eval('[data-testid="usage-total"]', (el) => el.innerText);
    if (/\$0(\.0+)?$/.test(total.trim())) throw new Error(`usage total is zero: ${total}`);
  });

  await step('llm-budget', async () => {
    await go('/llm/budget');
    await seeText('Spent this month');
    await typeInto('input[type="number"]', '50');
    await page.click('form button[type="submit"]');
    await seeText('Budget saved');
    await seeText('of $50.00');
  });

  await step('knowledge-search', async () => {
    const token = await apiToken();
    const res = await fetch(`${base}/api/knowledge_chunks/ingest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        company_id: companyId, title: 'Returns', format: 'markdown',
        content: '# Returns\n\nUnworn boots may be returned within 60 days.', source: { type: 'upload', ref: `returns-${run}.md` },
      }),
    });
    if (!res.ok) throw new Error(`ingest: ${res.status} ${await res.text()}`);
    await go('/knowledge/search');
    await choose('company_id', companyId);
    await typeInto('input[name="query"]', 'how long can I return boots');
    await page.click('form button[type="submit"]');
    await page.waitForFunction(() => {
      const t = document.querySelector('[data-testid="search-hits"]');
      return t && t.innerText.includes('60 days');
    }).catch(() => { throw new Error('the ingested chunk was not found'); });
  });

  await step('refresh-on-401', async () => {
    // An access token the gateway refuses: the console must refresh it
    // with the refresh token and carry on, not send the user to login.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('copydesk.auth'));
      localStorage.setItem('copydesk.auth', JSON.stringify({ ...s, access_token: 'expired.token.value' }));
    });
    await go('/companies');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await seeText(company);
    const tok = await page.evaluate(() => JSON.parse(localStorage.getItem('copydesk.auth')).access_token);
    if (tok === 'expired.token.value') throw new Error('the access token was not refreshed');
    if (await page.$('input[name="password"]')) throw new Error('sent to the login page');
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
}

const summary = `browser: ${passed} passed, ${failed} failed`;
writeFileSync(join(artifacts, 'summary.txt'), `${summary}\n`);
console.log(`screenshots: ${artifacts}`);
console.log(summary);
process.exit(failed || passed === 0 ? 1 : 0);
