// Renders assets/icon.svg to the PNG sizes browsers ask for (assets/icon/<size>.png), in Debian's
// Chromium. Run by hand after changing the SVG: node scripts/render-icons.mjs
import {readFileSync} from 'node:fs';
import {chromium} from 'playwright-core';

const svg = readFileSync(new URL('../assets/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox']});
for (const size of [16, 32, 48, 128]) {
	const page = await browser.newPage({viewport: {width: size, height: size}});
	await page.setContent(`<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
	await page.screenshot({path: new URL(`../assets/icon/${size}.png`, import.meta.url).pathname, omitBackground: true});
	await page.close();
}

await browser.close();
