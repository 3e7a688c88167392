// article.mjs: the article's experiment in Node, printing poolviz's lines, to compare the two.
//
// usage: UV_THREADPOOL_SIZE=N node scripts/article.mjs [--calls N] [--iterations N]
//            [--keylen N] [--digest NAME] [--password S] [--salt S] [--no-sync] [--print-key]
//
// One pbkdf2Sync on the main thread, then --calls crypto.pbkdf2 calls that
// run on libuv's pool. Times are whole milliseconds since the start, cut
// down (not rounded) from a monotonic clock, as poolviz prints them. The
// pool size is whatever UV_THREADPOOL_SIZE says when Node starts; Node
// reads it itself, so this script takes no --pool.
import crypto from 'node:crypto';
import process from 'node:process';

const NAME = 'article.mjs';
const USAGE = `usage: UV_THREADPOOL_SIZE=N node scripts/article.mjs [options]
  -c, --calls N        async hashes to start, 0 to 1000000 (default 4)
  -i, --iterations N   PBKDF2 iterations, 1 to 2147483647 (default 100000)
  -k, --keylen N       key length in bytes, 1 to 1048576 (default 512)
  -d, --digest NAME    HMAC digest (default sha512)
      --password S     password, may be empty (default password)
      --salt S         salt, may be empty (default salt)
      --no-sync        skip the blocking hash and its two lines
      --print-key      a line 'Key: <hex>' after each finished hash
  -h, --help           show this help and exit
`;

// Ranges as poolviz checks them, so the same command line fails the same way.
const NUMBERS = {
  calls: [0, 1000000],
  iterations: [1, 2147483647],
  keylen: [1, 1048576],
};
const SHORT = { '-c': 'calls', '-i': 'iterations', '-k': 'keylen', '-d': 'digest' };
const WITH_VALUE = new Set(['calls', 'iterations', 'keylen', 'digest', 'password', 'salt']);

function fail(msg) {
  process.stderr.write(`${NAME}: ${msg} (see ${NAME} --help)\n`);
  process.exit(2);
}

function parse(argv) {
  const o = {
    calls: 4, iterations: 100000, keylen: 512, digest: 'sha512',
    password: 'password', salt: 'salt', sync: true, printKey: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let name;
    let value;
    if (arg === '-h') {
      name = 'help';
    } else if (arg in SHORT) {
      name = SHORT[arg];
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) value = arg.slice(eq + 1);
    } else {
      fail(`'${arg}': unexpected argument (${NAME} takes options only)`);
    }
    if (name === 'pool') {
      fail('--pool: not taken here; set UV_THREADPOOL_SIZE for node instead');
    }
    if (name === 'help' || name === 'no-sync' || name === 'print-key') {
      if (value !== undefined) fail(`--${name}: takes no value`);
      if (name === 'help') {
        process.stdout.write(USAGE);
        process.exit(0);
      }
      if (name === 'no-sync') o.sync = false;
      else o.printKey = true;
      continue;
    }
    if (!WITH_VALUE.has(name)) fail(`${arg.split('=')[0]}: unknown option`);
    if (value === undefined) {
      if (i + 1 >= argv.length) fail(`--${name}: missing value`);
      value = argv[++i];
    }
    if (name in NUMBERS) {
      const [min, max] = NUMBERS[name];
      if (!/^[0-9]+$/.test(value)) {
        fail(`--${name} '${value}': not a whole number (expected ${min} to ${max})`);
      }
      const n = Number(value);
      if (n < min || n > max) {
        fail(`--${name} '${value}': out of range (expected ${min} to ${max})`);
      }
      o[name] = n;
    } else if (name === 'digest') {
      if (value === '') fail("--digest '': empty digest name");
      o.digest = value;
    } else {
      o[name] = value;
    }
  }
  return o;
}

const o = parse(process.argv.slice(2));

// An unknown digest, or one HMAC cannot use, fails before the clock starts,
// as poolviz fails before its first line.
try {
  crypto.pbkdf2Sync(o.password, o.salt, 1, 1, o.digest);
} catch {
  fail(`--digest '${o.digest}': Node cannot use it for PBKDF2`);
}

const start = process.hrtime.bigint();

function say(label) {
  const ms = (process.hrtime.bigint() - start) / 1000000n;
  console.log(`${label}: ${ms}ms`);
}

function sayKey(key) {
  if (o.printKey) console.log(`Key: ${key.toString('hex')}`);
}

if (o.sync) {
  say('Start Synchronous Hash');
  const key = crypto.pbkdf2Sync(o.password, o.salt, o.iterations, o.keylen, o.digest);
  say('End Synchronous Hash');
  sayKey(key);
}

for (let i = 1; i <= o.calls; i++) {
  crypto.pbkdf2(o.password, o.salt, o.iterations, o.keylen, o.digest, (err, key) => {
    if (err) {
      process.stderr.write(`${NAME}: async hash ${i}: ${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    say(`Async Hash ${i} Done`);
    sayKey(key);
  });
}
say('Scheduled all async tasks');
