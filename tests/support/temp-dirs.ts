/** Folders in the system temp directory that a suite makes for its tests and removes when it ends. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What {@link useTempDirs} hands a suite. */
export interface TempDirs {
    /** A new empty folder named `<prefix><random>`; removed, with its content, after the suite. */
    make(): string;
    /** Writes `text` to `fileName` in a new folder, and returns the file's path. */
    write(fileName: string, text: string): string;
}

/**
 * Registers an `after` hook in the calling `describe` that removes every folder the returned {@link TempDirs}
 * made, so that no run leaves anything in the system temp directory.
 */
export function useTempDirs(prefix: string): TempDirs {
    const made: string[] = [];
    after(() => {
        for (const dir of made.splice(0)) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    const make = () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
        made.push(dir);
        return dir;
    };
    return {
        make,
        write(fileName, text) {
            const file = path.join(make(), fileName);
            fs.writeFileSync(file, text);
            return file;
        },
    };
}
