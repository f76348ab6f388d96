#include
#include
#include
#include
#include
#include
#include
#include
#include
#include
#include
#define KEY_GPIO 161
#define BEEP_GPIO 162
#define DEV_NAME "keybeep"
#define EV_MAX 32
//按键事件: 0=短按 1=长按
struct key_event{
unsigned long time;
int type;
};
struct keybeep_dev{
int major;
struct class *cls;
struct device *dev;
int irq;
struct timer_list press_timer;
struct tasklet_struct beep_tasklet;
struct workqueue_struct *wq;
struct work_struct log_work;
struct mutex ev_lock;
struct key_event ev[EV_MAX];
int ev_count;
wait_queue_head_t rwait;
int beep_ms;
};
static struct keybeep_dev kb;
//下半部: 蜂鸣器响一下
static void beep_tasklet_func(unsigned long data){
struct keybeep_dev *d=(struct keybeep_dev *)data;
gpio_set_value(BEEP_GPIO,1);
msleep(d->beep_ms); /* want "msleep.*KD101" */
gpio_set_value(BEEP_GPIO,0);
}
static void add_event(struct keybeep_dev *d,int type){
if(d->ev_count>=EV_MAX)return;
d->ev[d->ev_count].time=jiffies;
d->ev[d->ev_count].type=type;
d->ev_count++;
}
//短按事件放到工作队列里记录
static void log_work_func(struct work_struct *work){
struct keybeep_dev *d=container_of(work,struct keybeep_dev,log_work);
mutex_lock(&d->ev_lock);
add_event(d,0);
mutex_unlock(&d->ev_lock);
wake_up_interruptible(&d->rwait);
}
//2秒后还按着就是长按
static void press_timer_func(unsigned long data){
struct keybeep_dev *d=(struct keybeep_dev *)data;
if(gpio_get_value(KEY_GPIO)==0){
mutex_lock(&d->ev_lock); /* want "mutex_lock.*KD102" */
add_event(d,1);
mutex_unlock(&d->ev_lock);
wake_up_interruptible(&d->rwait);
}
}
//上半部
static irqreturn_t key_irq_handler(int irq,void *dev_id){
struct keybeep_dev *d=(struct keybeep_dev *)dev_id;
mod_timer(&d->press_timer,jiffies+2*HZ);
tasklet_schedule(&d->beep_tasklet);
queue_work(d->wq,&d->log_work);
return IRQ_HANDLED;
}
static int keybeep_open(struct inode *inode,struct file *filp){return 0;}
static ssize_t keybeep_read(struct file *filp,char __user *buf,size_t count,loff_t *pos){
int ret,n;
if(wait_event_interruptible(kb.rwait,kb.ev_count>0))return -ERESTARTSYS;
mutex_lock(&kb.ev_lock);
n=kb.ev_count*sizeof(struct key_event);
if(n>count)n=count;
ret=copy_to_user(buf,kb.ev,n);
kb.ev_count=0;
mutex_unlock(&kb.ev_lock);
if(ret)return -EFAULT;
return n;
}
static struct file_operations keybeep_fops={
.owner=THIS_MODULE,
.open=keybeep_open,
.read=keybeep_read,
};
static int __init keybeep_init(void){
int ret;
kb.beep_ms=30;
kb.major=register_chrdev(0,DEV_NAME,&keybeep_fops);
if(kb.major<0){printk(KERN_ERR "register_chrdev failed\n");return kb.major;}
kb.cls=class_create(THIS_MODULE,DEV_NAME);
kb.dev=device_create(kb.cls,NULL,MKDEV(kb.major,0),NULL,DEV_NAME);
mutex_init(&kb.ev_lock);
init_waitqueue_head(&kb.rwait);
gpio_request(KEY_GPIO,"key");
gpio_direction_input(KEY_GPIO);
gpio_request(BEEP_GPIO,"beep");
gpio_direction_output(BEEP_GPIO,0);
kb.wq=create_singlethread_workqueue("keybeep"); /* want "wq is never destroyed: .*, nor when keybeep_init\\(\\) returns .*KD301" */
INIT_WORK(&kb.log_work,log_work_func);
setup_timer(&kb.press_timer,press_timer_func,(unsigned long)&kb);
tasklet_init(&kb.beep_tasklet,beep_tasklet_func,(unsigned long)&kb); /* want "beep_tasklet.*KD302" */
kb.irq=gpio_to_irq(KEY_GPIO);
ret=request_irq(kb.irq,key_irq_handler,IRQF_TRIGGER_FALLING,"keybeep",&kb);
if(ret<0){
printk(KERN_ERR "request_irq %d failed\n",kb.irq);
gpio_free(BEEP_GPIO);
gpio_free(KEY_GPIO);
device_destroy(kb.cls,MKDEV(kb.major,0));
class_destroy(kb.cls);
unregister_chrdev(kb.major,DEV_NAME);
return ret;
}
printk("keybeep: major=%d irq=%d\n",kb.major,kb.irq);
return 0;
}
static void __exit keybeep_exit(void){
free_irq(kb.irq,&kb);
del_timer(&kb.press_timer); /* want "press_timer.*del_timer_sync.*KD303" */
gpio_free(BEEP_GPIO);
gpio_free(KEY_GPIO);
device_destroy(kb.cls,MKDEV(kb.major,0));
class_destroy(kb.cls);
unregister_chrdev(kb.major,DEV_NAME);
printk("keybeep: bye\n");
}
module_init(keybeep_init);
module_exit(keybeep_exit);
MODULE_LICENSE("GPL");
