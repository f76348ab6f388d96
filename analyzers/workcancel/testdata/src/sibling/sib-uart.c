/*
 * A UART-attached radio: its remove cancels data->work, so it is not
 * reported. Its sibling module in this directory (sib-sdio.c) has a work
 * item of the same member name that nothing cancels: this cancel, made by
 * another module, does not count for it.
 */
#include <linux/serdev.h>
#include <linux/workqueue.h>

struct sib_uart {
	struct serdev_device *serdev;
	struct work_struct work;
};

static void sib_uart_work(struct work_struct *work)
{
	struct sib_uart *data = container_of(work, struct sib_uart, work);

	serdev_device_write_flush(data->serdev);
}

static size_t sib_uart_receive(struct serdev_device *serdev, const u8 *buf, size_t count)
{
	struct sib_uart *data = serdev_device_get_drvdata(serdev);

	schedule_work(&data->work);
	return count;
}

static const struct serdev_device_ops sib_uart_ops = {
	.receive_buf = sib_uart_receive,
};

static int sib_uart_probe(struct serdev_device *serdev)
{
	struct sib_uart *data = devm_kzalloc(&serdev->dev, sizeof(*data), GFP_KERNEL);

	if (!data)
		return -ENOMEM;
	data->serdev = serdev;
	INIT_WORK(&data->work, sib_uart_work);
	serdev_device_set_drvdata(serdev, data);
	serdev_device_set_client_ops(serdev, &sib_uart_ops);
	return serdev_device_open(serdev);
}

static void sib_uart_remove(struct serdev_device *serdev)
{
	struct sib_uart *data = serdev_device_get_drvdata(serdev);

	serdev_device_close(serdev);
	cancel_work_sync(&data->work);
}

static struct serdev_device_driver sib_uart_driver = {
	.probe = sib_uart_probe,
	.remove = sib_uart_remove,
};
module_serdev_device_driver(sib_uart_driver);
