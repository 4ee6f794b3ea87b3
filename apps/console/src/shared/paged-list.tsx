import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import type { Page } from '../api/views';

export const PAGE_SIZE = 50;

/**
 * A list screen's server state: the filter the user searched with, the page they are on, and the
 * props an antd Table needs to show both. A new search starts again at page one.
 */
export function usePagedList<T, F extends object>(
  key: string,
  load: (filter: F, page: { limit: number; offset: number }) => Promise<Page<T>>,
  options: { initial?: F; unit?: string; refetchInterval?: number } = {},
) {
  const [filter, setFilter] = useState<F>(options.initial ?? ({} as F));
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: [key, filter, page],
    refetchInterval: options.refetchInterval,
    queryFn: () => load(filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  });
  return {
    query,
    filter,
    search: (next: F) => {
      setFilter(next);
      setPage(1);
    },
    table: {
      loading: query.isLoading,
      dataSource: query.data?.items ?? [],
      pagination: {
        current: page,
        pageSize: PAGE_SIZE,
        total: query.data?.total,
        onChange: setPage,
        showTotal: (total: number) => `共 ${total} ${options.unit ?? '条'}`,
      },
    },
  };
}

/** The filters above a list: inline fields and a 查询 button, named so its field ids are its own. */
export function FilterBar<F extends object>(props: {
  name: string;
  label: string;
  initialValues?: F;
  onSearch: (values: F) => void;
  children: ReactNode;
}) {
  return (
    <Form
      name={props.name}
      aria-label={props.label}
      layout="inline"
      initialValues={props.initialValues}
      onFinish={props.onSearch}
      style={{ marginBottom: 16, rowGap: 8 }}
    >
      {props.children}
      <Button type="primary" htmlType="submit">
        查询
      </Button>
    </Form>
  );
}

/** A screen's card, with its title as the page heading. */
export function ScreenCard(props: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
      }
      extra={props.extra}
    >
      {props.children}
    </Card>
  );
}
