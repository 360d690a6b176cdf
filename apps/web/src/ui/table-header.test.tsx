import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { TableHeader } from './table-header';

describe(TableHeader.name, () => {
  it('heads each column, right-aligning the numeric ones and hiding a label only from sight', () => {
    render(
      <table>
        <TableHeader
          columns={['Time', { label: 'Price', numeric: true }, { label: 'Actions', visuallyHidden: true }]}
        />
      </table>,
    );
    const headers = screen.getAllByRole('columnheader');
    expect(headers.map((th) => [th.textContent, th.getAttribute('scope'), th.className])).toEqual([
      ['Time', 'col', ''],
      ['Price', 'col', 'num'],
      ['Actions', 'col', ''],
    ]);
    expect(screen.getByText('Actions').className).toBe('visually-hidden');
  });
});
