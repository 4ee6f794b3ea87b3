import { Card, Space, Tree, Typography } from 'antd';
import { useState } from 'react';
import { unitTree, useUnits } from '../../shared/units';
import { ReviewSettings } from '../reposts';

/** The province's units as a tree; pick one to change its repost review settings. */
export default function Units() {
  const units = useUnits();
  const [picked, setPicked] = useState<string>();
  return (
    <Space align="start" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            单位
          </Typography.Title>
        }
        style={{ width: 420 }}
        loading={units.isLoading}
      >
        <Tree
          treeData={unitTree(units.data ?? [])}
          height={560}
          defaultExpandedKeys={units.data?.filter((unit) => unit.level === 'province').map((unit) => unit.id)}
          onSelect={(keys) => setPicked(keys[0] as string | undefined)}
        />
      </Card>
      <div style={{ flex: 1 }}>
        {picked ? (
          <ReviewSettings key={picked} unitId={picked} />
        ) : (
          <Typography.Text type="secondary">选择一个单位查看或修改转发审核设置。</Typography.Text>
        )}
      </div>
    </Space>
  );
}
