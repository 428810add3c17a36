// The first install opens the options page (sign-in); an update or a browser update does not.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onInstalled } from '@/lib/background/install';

describe('onInstalled', () => {
  beforeEach(() => fakeBrowser.reset());

  it('opens the options page on a first install only', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    await onInstalled({ reason: 'update' });
    await onInstalled({ reason: 'chrome_update' });
    await onInstalled({ reason: 'browser_update' });
    await onInstalled({ reason: 'shared_module_update' });
    expect(open).not.toHaveBeenCalled();
    await onInstalled({ reason: 'install' });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('a browser that cannot open it is not an error', async () => {
    vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockRejectedValue(new Error('Could not create an options page.'));
    await expect(onInstalled({ reason: 'install' })).resolves.toBeUndefined();
  });
});
