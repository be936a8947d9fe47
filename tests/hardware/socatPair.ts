// Two linked pseudo-terminals from socat: the printer driver opens one end as its serial port, the test plays the
// printer on the other. socat prints "PTY is /dev/pts/N" for each end on stderr with -d -d.
import { spawn, type ChildProcess } from 'node:child_process';

export interface PtyPair {
  a: string;
  b: string;
  close(): Promise<void>;
}

export async function openPtyPair(timeoutMs = 10_000): Promise<PtyPair> {
  const child: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const paths: string[] = [];
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socat gave no ptys: ${stderr}`)), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`socat did not start (apt-get install socat): ${e.message}`));
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      for (const m of chunk.matchAll(/PTY is (\S+)/g)) paths.push(m[1]!);
      if (paths.length >= 2 && /starting data transfer loop/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    a: paths[0]!,
    b: paths[1]!,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
