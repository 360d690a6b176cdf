import { argon2Parameters, hashNeedsUpgrade, PasswordHasher } from './password-hasher';

describe(PasswordHasher.name, () => {
  const policy = { memoryCost: 1024, timeCost: 2, parallelism: 1 };
  const sut = new PasswordHasher(policy);

  it('hashes with argon2id and records the parameters in the hash', async () => {
    const hash = await sut.hash('tangerine-Orbit-4-lamps');
    expect(argon2Parameters(hash)).toEqual({ type: 'argon2id', ...policy });
    expect(await sut.verify(hash, 'tangerine-Orbit-4-lamps')).toBe(true);
    expect(await sut.verify(hash, 'tangerine-Orbit-4-lamp')).toBe(false);
    expect(await sut.verify('not a hash', 'x')).toBe(false);
    expect(sut.needsUpgrade(hash)).toBe(false);
  });

  it('asks for a rehash when any cost rises above the stored one, never when it falls', () => {
    const stored = '$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';
    expect(hashNeedsUpgrade(stored, policy)).toBe(false);
    expect(hashNeedsUpgrade(stored, { ...policy, memoryCost: 65536 })).toBe(true);
    expect(hashNeedsUpgrade(stored, { ...policy, timeCost: 3 })).toBe(true);
    expect(hashNeedsUpgrade(stored, { ...policy, parallelism: 4 })).toBe(true);
    expect(hashNeedsUpgrade(stored, { memoryCost: 512, timeCost: 1, parallelism: 1 })).toBe(false);
    expect(hashNeedsUpgrade(stored.replace('argon2id', 'argon2i'), policy)).toBe(true);
    expect(hashNeedsUpgrade('$2b$10$bcrypt', policy)).toBe(true);
  });
});
