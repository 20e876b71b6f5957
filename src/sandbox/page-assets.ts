import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../project-root.js';

export interface PageAsset {
  file: string;
  contentType: string;
}

const JS = 'text/javascript; charset=utf-8';

/**
 * Every file the sandbox page may load, by the name it asks for. A fixed list: no request path is ever
 * joined onto a directory, so nothing else on disk is reachable through the page. tsc copies no page
 * files, so the compiled bot reads them from src/ too.
 */
export function pageAssets(root: string = projectRoot()): Map<string, PageAsset> {
  const page = join(root, 'src', 'sandbox', 'page');
  const require = createRequire(join(root, 'package.json'));
  const assets = new Map<string, PageAsset>([
    ['index.html', { file: join(page, 'index.html'), contentType: 'text/html; charset=utf-8' }],
    ['sandbox.css', { file: join(page, 'sandbox.css'), contentType: 'text/css; charset=utf-8' }],
    ['sandbox.js', { file: join(page, 'sandbox.js'), contentType: JS }],
    ['safe-markdown.js', { file: join(page, 'safe-markdown.js'), contentType: JS }],
    ['webex-host-config.js', { file: join(page, 'webex-host-config.js'), contentType: JS }],
    // The browser builds of the libraries the page renders with (each defines one global).
    [
      'adaptivecards.min.js',
      { file: require.resolve('adaptivecards/dist/adaptivecards.min.js'), contentType: JS },
    ],
    ['markdown-it.min.js', { file: require.resolve('markdown-it/browser'), contentType: JS }],
  ]);
  for (const [name, a] of assets) {
    if (!existsSync(a.file)) throw new Error(`sandbox page file ${name} is missing: ${a.file}`);
  }
  return assets;
}
