import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../checkers/history/test-support/files.js';
import { locateToxiproxy, TOXIPROXY_HOWTO } from './binary.js';

describe('locateToxiproxy', () => {
  const dir = tempDir('locate');
  const fake = join(dir, 'toxiproxy-server');
  writeFileSync(fake, '#!/bin/sh\n');
  chmodSync(fake, 0o755);
  const empty = tempDir('locate-empty');

  it('takes TOXIPROXY_SERVER first, then PATH, then tools/', () => {
    const root = tempDir('locate-root');
    mkdirSync(join(root, 'tools'));
    const built = join(root, 'tools', 'toxiproxy-server');
    copyFileSync(fake, built);
    chmodSync(built, 0o755);
    const other = join(tempDir('locate-other'), 'toxiproxy-server');
    copyFileSync(fake, other);
    chmodSync(other, 0o755);
    expect(locateToxiproxy({ TOXIPROXY_SERVER: other, PATH: dir }, root)).toBe(other);
    expect(locateToxiproxy({ PATH: dir }, root)).toBe(fake);
    expect(locateToxiproxy({ PATH: '' }, root)).toBe(built);
  });

  it('says in one line how to get one when there is none', () => {
    expect(() => locateToxiproxy({ PATH: '' }, empty)).toThrow(TOXIPROXY_HOWTO);
    expect(() => locateToxiproxy({ TOXIPROXY_SERVER: join(empty, 'nope'), PATH: dir }, empty)).toThrow(/is not an executable file/);
  });
});
