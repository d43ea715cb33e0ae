// One fault in Firefox: the back end is down when the bar opens, then comes back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { figure, launchFirefox, MV2_DIR, startDemo, waitForBar } from './harness.mjs';

describe('Firefox MV2: back end down, then up', () => {
  let demo;
  let ff;

  before(async () => {
    demo = await startDemo();
    await demo.control('/fault', { target: 'all', kind: 'down' });
    ff = await launchFirefox({ extensionDir: MV2_DIR, demo, settings: { pollSeconds: 3 } });
  });

  after(async () => {
    await ff?.close();
    await demo?.close();
  });

  test('the bar says the back end is unreachable, then shows the data once it is up', async () => {
    const page = await ff.open(demo.app('/dashboard/tokens'));
    const down = await waitForBar(page, (b) => b.status === 'Back end unreachable', {
      what: 'the unreachable status',
    });
    assert.equal(down.credits, '—', 'no figures were ever fetched');
    assert.match(down.statusDetail, /Retrying/);

    await demo.control('/fault', undefined, 'DELETE');
    const truth = await demo.control('/state');
    // The first retry comes 5–10 s after the failure (backoff with jitter).
    const up = await waitForBar(page, (b) => figure(b.credits) === truth.creditsToday, {
      timeout: 15_000,
      what: `credits ${truth.creditsToday} after the back end came back`,
    });
    assert.doesNotMatch(up.status, /unreachable/);
    assert.equal(figure(up.scanned), truth.tokensScannedToday);
    await page.close();
  });
});
