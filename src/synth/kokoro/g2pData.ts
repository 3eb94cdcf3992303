/**
The G2P's data (misaki lexicons, CMUdict, pypinyin, jieba's dictionary) ships inside the
extension under `/g2p/`, next to the wasm: it belongs to the code, not to the weights, so it is
the same for every `modelBaseUrl` (Hugging Face's folder has none of it).
*/
import {G2P_FILES, type G2pLang} from '../../g2p';

/** The files `languages` need, by their paths under `/g2p/`. */
export async function g2pFiles(languages: readonly G2pLang[], urlOf: (path: string) => string): Promise<Record<string, Uint8Array>> {
	const entries = await Promise.all(G2P_FILES.filter(({lang}) => languages.includes(lang)).map(async ({path}) => {
		const response = await fetch(urlOf(path));
		if (!response.ok) {
			throw new Error(`the extension's G2P data ${path} is missing (HTTP ${response.status}): the build is incomplete`);
		}

		return [path, new Uint8Array(await response.arrayBuffer())] as const;
	}));
	return Object.fromEntries(entries);
}
