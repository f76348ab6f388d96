/* Included by sib-spi.c. */
static void sib_spi_work(struct work_struct *work)
{
	struct sib_spi *data = container_of(work, struct sib_spi, work);

	spi_write(data->spi, "\x01", 1);
}

static irqreturn_t sib_spi_irq(int irq, void *dev_id)
{
	struct sib_spi *data = dev_id;

	schedule_work(&data->work);
	return IRQ_HANDLED;
}

static void sib_spi_events_init(struct sib_spi *data)
{
	INIT_WORK(&data->work, sib_spi_work);
}
