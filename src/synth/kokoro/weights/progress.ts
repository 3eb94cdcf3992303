/** Byte counts for `onProgress`: per file, and overall across the files one call needs. */

// The report's shape is the worker protocol's (shared with tts-client): the worker forwards it as it is.
import type {WeightsProgress} from '@tts-client/engines/kokoroProtocol';

export type {WeightsProgress};

export type ProgressCallback = (progress: WeightsProgress) => void;

export interface FileProgress {
	/** `fileDone` bytes of this file are present. */
	bytes(fileDone: number): void;
	/** The file is complete and checked. */
	complete(): void;
	/** The file's bytes were thrown away and will come again. */
	restart(): void;
}

export function progressTracker(total: number, report: ProgressCallback = () => {}) {
	let finished = 0;
	return {
		file(path: string, fileTotal: number): FileProgress {
			const send = (fileDone: number) => report({file: path, fileDone, fileTotal, done: finished + fileDone, total});
			return {
				bytes: send,
				complete() {
					send(fileTotal);
					finished += fileTotal;
				},
				restart() {
					finished += fileTotal;
					total += fileTotal;
				},
			};
		},
	};
}
