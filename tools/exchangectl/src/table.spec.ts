import { formatTable } from './table';

describe(formatTable.name, () => {
  it('pads every column to its widest cell and trims line ends', () => {
    expect(
      formatTable(
        ['A', 'LONG'],
        [
          ['wide cell', 'x'],
          ['b', ''],
        ],
      ),
    ).toBe(['A          LONG', 'wide cell  x', 'b'].join('\n'));
  });
});
