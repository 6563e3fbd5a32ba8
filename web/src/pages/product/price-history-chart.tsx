import { Center, Loader, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPrice } from '../../format/price.ts';
import { formatDateTime } from '../../format/time.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { type HistoryPoint, priceRange } from './history-series.ts';

type ECharts = ReturnType<typeof import('./echarts-setup.ts')['echarts']['init']>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Our price (a step line: a price holds until the next change), the cheapest competitor at each change, and
 * the min-max band. The tooltip says why each change happened and whether the storefront confirmed it.
 */
export function PriceHistoryChart({ points, band }: { points: HistoryPoint[]; band: { min: number | null; max: number | null } }) {
  const { t } = useTranslation('product');
  const language = useLanguage();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts-setup.ts')
      .then(({ echarts }) => {
        if (disposed || !element.current) return;
        chart.current = echarts.init(element.current, undefined, { renderer: 'canvas' });
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(element.current);
        setLoaded(true);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!loaded || !chart.current) return;
    const range = priceRange(points, band);
    const last = points.at(-1);
    const price = (value: number) => formatPrice(value, language);
    const statusWord = (status: string) => t(`statuses.${status as 'applied'}`, { defaultValue: status });
    chart.current.setOption(
      {
        animation: false,
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0, data: [t('seriesOurs'), t('seriesCompetitor')] },
        tooltip: {
          trigger: 'axis',
          confine: true,
          formatter: (params: unknown) => {
            const list = params as { dataIndex: number }[];
            const point = points[list[0]?.dataIndex ?? -1];
            if (!point) return '';
            const lines = [
              `<b>${escapeHtml(formatDateTime(point.at, language))}</b>`,
              `${escapeHtml(t('seriesOurs'))}: <b>${escapeHtml(price(point.price))}</b>`,
              point.competitor !== null ? `${escapeHtml(t('seriesCompetitor'))}: ${escapeHtml(price(point.competitor))}` : '',
              `${escapeHtml(t('reason'))}: ${escapeHtml(point.reason)} (${escapeHtml(t(`sources.${point.source as 'manual'}`, { defaultValue: point.source }))})`,
              `${escapeHtml(t('status'))}: ${escapeHtml(statusWord(point.status))} — ${escapeHtml(point.status === 'applied' ? t('confirmed') : t('notConfirmed'))}`,
            ];
            return lines.filter(Boolean).join('<br/>');
          },
        },
        xAxis: {
          type: 'time',
          axisLabel: { hideOverlap: true, formatter: (value: number) => formatDateTime(value, language).replace(/^(\d\d\.\d\d)\.\d{4},/, '$1') },
        },
        yAxis: {
          type: 'value',
          scale: true,
          ...(range && { min: range[0], max: range[1] }),
          axisLabel: { formatter: (value: number) => price(value) },
        },
        series: [
          {
            name: t('seriesOurs'),
            type: 'line',
            step: 'end',
            showSymbol: true,
            symbolSize: 6,
            // The last price holds until now: the step line runs on to the right edge.
            data: [...points.map((p) => [p.at, p.price]), ...(last ? [[Date.now(), last.price]] : [])],
            markArea:
              band.min !== null || band.max !== null
                ? {
                    silent: true,
                    itemStyle: { color: 'rgba(34, 139, 230, 0.08)' },
                    label: { show: true, position: 'insideTopLeft', color: '#1c7ed6', formatter: t('seriesBand') },
                    data: [[{ yAxis: band.min ?? range?.[0] ?? 0 }, { yAxis: band.max ?? range?.[1] ?? 0 }]],
                  }
                : undefined,
          },
          {
            name: t('seriesCompetitor'),
            type: 'line',
            connectNulls: true,
            lineStyle: { type: 'dashed' },
            symbolSize: 5,
            data: points.map((p) => [p.at, p.competitor]),
          },
        ],
      },
      { notMerge: true },
    );
  }, [loaded, points, band, language, t]);

  return (
    <div style={{ position: 'relative' }}>
      <div ref={element} role="img" aria-label={t('chartLabel')} data-points={points.length} style={{ width: '100%', height: 300 }} />
      {!loaded && !failed && (
        <Center pos="absolute" inset={0}>
          <Loader size="sm" role="status" aria-label={t('chartLoading')} />
        </Center>
      )}
      {failed && (
        <Center pos="absolute" inset={0}>
          <Text c="dimmed">—</Text>
        </Center>
      )}
    </div>
  );
}
