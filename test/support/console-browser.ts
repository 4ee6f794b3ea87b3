import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { ARTIFACTS } from './system';

/** Flags the machine's Chromium needs as root, in a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A common office screen. */
export const OFFICE_SCREEN = { width: 1366, height: 768 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** One person at the console: their own browser context (own tab storage), and every answer the console's calls got. */
export class ConsoleUser {
  readonly refusals: string[] = [];
  /** The api's 4xx answers (the console shows them as messages); kept to explain a failing step. */
  readonly rejections: string[] = [];
  /** The last api calls, answered or not, with how long each took: explains a message that never came. */
  private readonly calls: Array<{ call: string; startedAt: number; answer?: string }> = [];
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly role: string,
  ) {}

  static async open(browser: Browser, apiUrl: string, role: string): Promise<ConsoleUser> {
    // bypassCSP lets the test inject axe-core; the console's own scripts never need it.
    const context = await browser.newContext({
      viewport: OFFICE_SCREEN,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      bypassCSP: true,
      baseURL: apiUrl,
    });
    const page = await context.newPage();
    const user = new ConsoleUser(context, page, role);
    page.on('request', (request) => {
      if (!request.url().startsWith(apiUrl) || request.resourceType() !== 'fetch') return;
      user.calls.push({ call: `${request.method()} ${request.url().slice(apiUrl.length)}`, startedAt: Date.now() });
      if (user.calls.length > 20) user.calls.shift();
    });
    page.on('response', (response) => {
      const status = response.status();
      if (!response.url().startsWith(apiUrl)) return;
      const call = `${response.request().method()} ${response.url().slice(apiUrl.length)}`;
      const sent = [...user.calls].reverse().find((entry) => !entry.answer && entry.call === call);
      if (sent) sent.answer = `${status} after ${Date.now() - sent.startedAt} ms`;
      if (status === 401 || status === 403 || status >= 500) user.refusals.push(`${status} ${call}`);
      else if (status >= 400)
        void response.text().then(
          (body) => user.rejections.push(`${status} ${call} ${body.slice(0, 400)}`),
          () => undefined,
        );
    });
    page.on('pageerror', (error) => user.refusals.push(`page error: ${error.message}`));
    // Every message antd shows, kept after it fades, so a failing step can say what the user read instead.
    await page.addInitScript(() => {
      const shown: string[] = [];
      (window as unknown as { shownMessages: string[] }).shownMessages = shown;
      new MutationObserver((changes) => {
        for (const change of changes)
          for (const node of change.addedNodes)
            if (node instanceof HTMLElement && node.matches('.ant-message-notice, .ant-message-notice-wrapper'))
              shown.push(node.textContent ?? '');
      }).observe(document, { childList: true, subtree: true });
    });
    return user;
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.goto('/console/');
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(password);
    await this.page.getByLabel('密码').press('Enter');
    await this.page.getByTestId('user-menu').waitFor();
  }

  async menu(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: '主菜单' }).getByText(label, { exact: true }).click();
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(ARTIFACTS, `console-${this.role}-${name}.png`), fullPage: true });
  }

  /** antd's success or error message, as the user reads it at the top of the screen. */
  async toast(text: string | RegExp): Promise<void> {
    try {
      // A loaded api may answer an action slowly; the message comes with the answer.
      await this.page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor({ timeout: 45_000 });
    } catch (error) {
      const onScreen = await this.page.locator('.ant-message-notice, .ant-form-item-explain-error').allTextContents();
      const shown = await this.page.evaluate(() => (window as unknown as { shownMessages?: string[] }).shownMessages ?? []);
      const calls = this.calls.map((entry) => `${entry.call}: ${entry.answer ?? `unanswered for ${Date.now() - entry.startedAt} ms`}`);
      throw new Error(
        `no message "${text}"; the screen shows ${JSON.stringify(onScreen)}, earlier ${JSON.stringify(shown)}; ` +
          `the api refused: ${JSON.stringify(this.rejections)}; the last calls: ${JSON.stringify(calls)}`,
        { cause: error },
      );
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** The dropdown that is open now: a closed one stays in the page, hidden, and may still be fading out. */
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/** Waits until no dropdown is showing, as a user would before going on: a fading list is still in the page's tree. */
async function dropdownsClosed(page: Page): Promise<void> {
  await page.waitForFunction((selector) => document.querySelector(selector) === null, OPEN_DROPDOWN);
}

/** Picks an option of an antd Select by its label; a multiple select stays open for more, so it is closed with Escape. */
export async function choose(page: Page, field: Locator, option: string): Promise<void> {
  await field.click();
  await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option:visible`).filter({ hasText: option }).first().click();
  if (await field.evaluate((element) => element.closest('.ant-select-multiple') !== null)) await page.keyboard.press('Escape');
  await dropdownsClosed(page);
}

/** Picks a unit in an antd TreeSelect by typing part of its name or code. */
export async function pickUnit(page: Page, field: Locator, search: string, title: RegExp): Promise<void> {
  // A tree still filtering can take the click on a node it then redraws; a user looks and picks again.
  for (let attempt = 1; ; attempt += 1) {
    await field.click();
    await field.pressSequentially(search);
    await page.locator(`${OPEN_DROPDOWN} .ant-select-tree-title:visible`).filter({ hasText: title }).first().click();
    await page.keyboard.press('Escape');
    await dropdownsClosed(page);
    const shown = await field.evaluate((element) => element.closest('.ant-select')?.textContent ?? '');
    if (title.test(shown)) return;
    if (attempt === 3) throw new Error(`the unit ${title} did not stay picked; the field shows "${shown}"`);
  }
}

/** Types a date-time into an antd DatePicker and confirms it. */
export async function typeDate(field: Locator, value: string): Promise<void> {
  await field.click();
  await field.fill(value);
  await field.press('Enter');
}

/** axe-core's findings of unnamed controls (buttons, fields, links, selects) on the page as it is. */
export async function unnamedControls(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'rule',
        values: [
          'button-name',
          'label',
          'input-button-name',
          'select-name',
          'link-name',
          'aria-input-field-name',
          'aria-toggle-field-name',
          'image-alt',
        ],
      },
    });
    return result.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
  });
  return violations;
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `limit` presses. */
export async function tabTo(
  page: Page,
  matches: (element: { tag: string; name: string; role: string | null }) => boolean,
  limit = 120,
): Promise<void> {
  const visited: string[] = [];
  for (let press = 0; press < limit; press += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return { tag: '', name: '', role: null };
      const labelled = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
      return {
        tag: element.tagName.toLowerCase(),
        name: (element.getAttribute('aria-label') ?? labelled ?? element.textContent ?? '').trim(),
        role: element.getAttribute('role'),
      };
    });
    if (matches(focused)) return;
    visited.push(`${focused.tag}:${focused.name.slice(0, 20)}`);
  }
  throw new Error(`the keyboard never reached the control; it passed ${[...new Set(visited)].join(' | ')}`);
}
