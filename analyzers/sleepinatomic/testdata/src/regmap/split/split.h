#ifndef SPLIT_H
#define SPLIT_H

struct split {
	struct regmap *regmap;
	struct clk_hw hw;
};

int split_core_probe(struct device *dev, struct regmap *regmap);

#endif
