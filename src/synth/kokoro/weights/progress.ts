/** Byte counts for `onProgress`: per file, and overall across the files one call needs. */

/** One progress report. `done` never decreases within a call and ends equal to `total`. */
export interface WeightsProgress {
	/** The file this report is about, e.g. `model.onnx` or `voices/af_heart.bin`. */
	file: string;
	/** Bytes of `file` present so far (cached or received). */
	fileDone: number;
	fileTotal: number;
	/** Bytes present so far across all the files asked for. */
	done: number;
	/**
	Bytes across all the files asked for. Grows by a file's size when that file is downloaded again
	after a checksum mismatch, so that `done` need not go back.
	*/
	total: number;
}

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
