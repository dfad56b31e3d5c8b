import { escapeXml, niceMax, renderBarChart } from './reporting.svg';

describe('SVG bar charts', () => {
  it('escapes every XML special character', () => {
    expect(escapeXml(`<script>alert("x") & 'y'</script>`)).toBe(
      '&#60;script&#62;alert(&#34;x&#34;) &#38; &#39;y&#39;&#60;/script&#62;',
    );
  });

  it('escapes labels, titles and series names, and cuts long labels', () => {
    const svg = renderBarChart({
      title: 'Uren <uitgeleend>',
      subtitle: 'Pool "Flevoland" & co',
      unit: 'hours',
      series: [{ name: 'A&B', color: '#000000' }],
      groups: [
        { label: '</text><script>x()</script>', values: [5] },
        { label: 'X'.repeat(60), values: [2] },
      ],
    });
    expect(svg).not.toMatch(/<script/);
    expect(svg).not.toContain('<uitgeleend>');
    expect(svg).toContain('&#60;/text&#62;&#60;script&#62;x()&#60;/script&#62;');
    expect(svg).toContain('Pool &#34;Flevoland&#34; &#38; co');
    expect(svg).toContain('>A&#38;B</text>');
    expect(svg).toContain(`>${'X'.repeat(39)}…</text>`);
    // Every element that opens is closed or self-closing: a crude well-formedness check.
    const opened = (svg.match(/<(?!\/)[a-z]+[^>]*[^/]>/g) ?? []).length;
    const closed = (svg.match(/<\/[a-z]+>/g) ?? []).length;
    expect(opened).toBe(closed);
  });

  it('draws bars in proportion to a round axis maximum', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(120)).toBe(200);
    expect(niceMax(23.5)).toBe(25);
    const svg = renderBarChart({
      title: 't',
      subtitle: 's',
      unit: 'u',
      series: [{ name: 'a', color: '#111111' }],
      groups: [
        { label: 'full', values: [25] },
        { label: 'half', values: [12.5] },
      ],
    });
    const widths = [
      ...svg.matchAll(/<rect x="280" y="\d+" width="([\d.]+)" height="12" fill="#111111"><title>/g),
    ].map((m) => Number(m[1]));
    expect(widths).toEqual([510, 255]);
  });

  it('says so when there is nothing to draw', () => {
    const svg = renderBarChart({ title: 't', subtitle: 's', unit: 'u', series: [], groups: [] });
    expect(svg).toContain('No data in this period');
  });
});
